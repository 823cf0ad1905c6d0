"""No pages yet; the web package will mount its API here."""

urlpatterns: list = []
