from django.forms.renderers import TemplatesSetting


class BootstrapFormRenderer(TemplatesSetting):
    """Forms render through templates/components: errors beside each field, Bootstrap classes."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
