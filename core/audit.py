from django.db import models

from core.models import AuditEvent


def audit_record(*, actor, action: str, target: models.Model | None = None, **details) -> AuditEvent:
    """Record a write that matters. Call it inside the service's transaction, so that the record and
    the change commit or roll back together. `details` must hold JSON-safe values and never a secret."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details,
    )
