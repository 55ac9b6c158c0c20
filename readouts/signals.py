"""Keeping the copies the statement list filters and counts on in step with their sources."""

from django.db.models.signals import m2m_changed, post_delete


def copy_topic_ids(sender, instance, action, reverse, pk_set, **kwargs):
    """Statement.topic_ids mirrors the statement's topics, for the facets and the topic filter."""
    from .models import Statement

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # statement.topics.add/remove/set/clear
        ids = [instance.pk]
    elif action == "post_clear":  # topic.statements.clear(): the statements that carried it
        ids = Statement.objects.filter(topic_ids__contains=[instance.pk]).values_list(
            "pk", flat=True
        )
    else:  # topic.statements.add/remove
        ids = pk_set
    Statement.refresh_topic_ids(list(ids))


def forget_deleted_topic(sender, instance, **kwargs):
    """A deleted topic's links are gone; the statements' copies must lose it too."""
    from .models import Statement

    ids = Statement.objects.filter(topic_ids__contains=[instance.pk]).values_list("pk", flat=True)
    Statement.refresh_topic_ids(list(ids))


def connect():
    from .models import Statement, Topic

    m2m_changed.connect(copy_topic_ids, sender=Statement.topics.through,
                        dispatch_uid="statement-topic-ids")  # fmt: skip
    post_delete.connect(forget_deleted_topic, sender=Topic, dispatch_uid="topic-deleted")
