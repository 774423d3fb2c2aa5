"""The service's HTML pages, one module per URL family."""
