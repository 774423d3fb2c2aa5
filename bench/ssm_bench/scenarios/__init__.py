"""One module per scenario; ``ssm_bench.__main__`` runs them in order."""
