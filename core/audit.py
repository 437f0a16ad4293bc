import json
import logging

from django.db import models

from core.models import AuditEvent

log = logging.getLogger("laocso.audit")


def audit_record(*, actor, action: str, target: models.Model | None = None, **details) -> AuditEvent:
    """Record an action that matters. Call it inside the service's transaction, so that the record
    and the change commit or roll back together. `details` hold JSON-safe values: ids, codes, field
    names; never a secret, a personal value (name, phone, email) or a ballot's choice."""
    event = AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details,
    )
    # One JSON object per line: a value holding a line break cannot forge another log line.
    log.info(
        json.dumps(
            {
                "action": event.action,
                "actor": event.actor_id,
                "target": event.target_type,
                "id": event.target_id,
                "details": details,
            },
            ensure_ascii=False,
            default=str,
        )
    )
    return event
