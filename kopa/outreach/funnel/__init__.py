"""The funnel, computed from interactions: the dashboard, two cycles compared, drop-off lists, the
partnership view, their charts, PDF and texts."""
