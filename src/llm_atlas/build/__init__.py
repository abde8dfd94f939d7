"""The build: catalog → docs → MkDocs → site/, decided once from one statement of its inputs."""
