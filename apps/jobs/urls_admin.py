"""Admin API routes of the jobs system."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
