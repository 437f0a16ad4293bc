"""Fixtures of the apps' own test folders that the cross-app tests here use."""

from content.tests.conftest import make_document, make_news  # noqa: F401
from projects.tests.conftest import make_project, reporting_round  # noqa: F401
