"""The API server: models, the table of kinds, storage, validation, watch and history."""
