"""Admin API routes of the webhooks system."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
