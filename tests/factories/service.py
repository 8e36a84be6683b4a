import datetime as dt

import factory

from yntymaq.service.enums import AppointmentKind, ClearanceForm, LanguageLevel
from yntymaq.service.models import Appointment, Official, ServiceProfile, Unit

from .core import OrganizationFactory
from .people import PersonFactory


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name_ru = factory.Sequence(lambda n: f"Факультет международных отношений {n}")
    name_kk = factory.Sequence(lambda n: f"Халықаралық қатынастар факультеті {n}")
    address = "Алматы, проспект аль-Фараби, 71"
    building = "ГУК-1"
    room = factory.Sequence(lambda n: str(100 + n))
    works_on_external_relations = True

    @factory.post_generation
    def coordinators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.coordinators.set(extracted)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    position = "Проректор по международному сотрудничеству"
    work_phone = "+7 727 377 33 33"
    home_phone = "+7 701 000 00 00"
    responsible_for_cooperation = True
    unit = None


class ServiceProfileFactory(factory.django.DjangoModelFactory):
    """A Service that meets R5 apart from its documents (uploads are added by tests)."""

    class Meta:
        model = ServiceProfile
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory)
    exists = True
    creation_order_number = "125-П"
    creation_order_date = dt.date(2015, 9, 1)
    metal_doors = True
    window_bars = True
    alarm = True
    has_inventory = True
    has_communications = True
    has_office_equipment = True
    inspector_name = "Ахметова Айгерим"
    methodologist_name = "Смагулов Ерлан"


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A head of the Service who meets every condition of R7."""

    class Meta:
        model = Appointment

    organization = factory.SubFactory(OrganizationFactory)
    kind = AppointmentKind.HEAD
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    order_number = factory.Sequence(lambda n: f"{n}-К")
    order_date = dt.date(2024, 8, 20)
    starts_on = dt.date(2024, 9, 1)
    ends_on = None
    teaching_years = 12
    cooperation_years = 4
    works_with_foreigners = True
    foreigners_experience = "Куратор иностранных студентов с 2016 года"
    state_language_level = LanguageLevel.NATIVE
    foreign_language = "английский"
    foreign_language_level = LanguageLevel.C1
    clearance = True
    clearance_form = ClearanceForm.FORM_3
    clearance_expires_on = dt.date(2040, 1, 1)
    reports_to_first_head = True
    reports_to_deputy = False
    admissions_committee_member = True


FACTORY_FOR_MODEL = {
    Unit: UnitFactory,
    Official: OfficialFactory,
    ServiceProfile: ServiceProfileFactory,
    Appointment: AppointmentFactory,
}
