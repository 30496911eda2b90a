"""Imports every domain's ORM classes so that Base.metadata knows the whole schema."""

from minutes.audit import models as audit_models
from minutes.auth import models as auth_models
from minutes.meetings import models as meetings_models
from minutes.orgs import models as orgs_models
from minutes.reports import classification_models
from minutes.reports import models as reports_models
from minutes.review import models as review_models

__all__ = [
    "audit_models",
    "auth_models",
    "classification_models",
    "meetings_models",
    "orgs_models",
    "reports_models",
    "review_models",
]
