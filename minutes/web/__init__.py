"""The web shell: templates, CSRF, security headers, flash messages, error pages."""
