"""API serializers for background jobs (kopa.core.jobs): what the job's page shows, as JSON."""

from rest_framework import serializers

from kopa.core.models import Job


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(read_only=True, help_text="Steps done so far.")
    total = serializers.IntegerField(
        read_only=True, help_text="Steps in all; 0 while the job does not know yet.")
    percent = serializers.IntegerField(read_only=True, allow_null=True,
                                       help_text="Done, in percent; null while the total is unknown.")


class JobSerializer(serializers.Serializer):
    """A background job the caller may see: a document, an export or a merge they started (or, for
    a job of an agency, that a colleague started and they may see the object of)."""

    id = serializers.UUIDField(read_only=True, help_text="The job's public id (as in /jobs/<id>/).")
    url = serializers.URLField(read_only=True, help_text="This job in the API.")
    page_url = serializers.URLField(read_only=True, help_text="The job's page on the website.")
    title = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Job.Status.choices, read_only=True)
    progress = JobProgressSerializer(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    expires_at = serializers.DateTimeField(
        read_only=True, help_text="When the job and its result are deleted.")
    message = serializers.CharField(
        read_only=True, help_text="Why it failed, in plain words, or what was done; may be empty.")
    filename = serializers.CharField(read_only=True, help_text="The result file's name, once done.")
    result_url = serializers.URLField(
        read_only=True, allow_null=True,
        help_text="Where the result file downloads, once the job is done and has one; else null.")
    link_url = serializers.URLField(
        read_only=True, allow_null=True,
        help_text="The page the job's result is (a merge: the organisation kept); else null.")
    mine = serializers.BooleanField(
        read_only=True, help_text="Whether the caller started it (only they may cancel it).")
