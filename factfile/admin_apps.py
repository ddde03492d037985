"""The admin app, with factfile's site (``factfile.admin_site``) as its default."""

from django.contrib.admin.apps import AdminConfig


class FactfileAdminConfig(AdminConfig):
    default_site = "factfile.admin_site.FactfileAdminSite"
