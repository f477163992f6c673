"""The contact page: Wagtail's form builder with a required consent, anti-spam and an
email to the portal's staff."""
