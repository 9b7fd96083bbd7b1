"""The read-only public API: published topics, frameworks, questions and answers, as JSON.

Mounted at /api/ (config/urls.py); v1/ holds the resources, schema/ the OpenAPI
document and docs/ Swagger UI. Every queryset starts from `published()`.
"""
