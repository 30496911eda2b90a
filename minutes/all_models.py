"""Imports every domain's ORM classes so that Base.metadata knows the whole schema."""

from minutes.audit import models as audit_models
from minutes.auth import models as auth_models
from minutes.classification import models as classification_models
from minutes.meetings import models as meetings_models
from minutes.orgs import models as orgs_models
from minutes.reports import models as reports_models
from minutes.review import models as review_models
from minutes.search import models as search_models

__all__ = [
    "audit_models",
    "auth_models",
    "classification_models",
    "meetings_models",
    "orgs_models",
    "reports_models",
    "review_models",
    "search_models",
]
