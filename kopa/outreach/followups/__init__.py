"""Follow-up tasks (`FollowUpTask`): "My tasks", a task's page, and the daily reminders."""
