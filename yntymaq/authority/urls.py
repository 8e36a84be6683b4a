from django.urls import path

from . import views

app_name = "authority"

urlpatterns = [
    path("authority/", views.OverviewView.as_view(), name="overview"),
]
