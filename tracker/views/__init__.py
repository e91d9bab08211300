"""Views by feature: one module each, function views unless Django's own class fits better."""
