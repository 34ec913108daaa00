"""From domain values to what the API answers: response models and the values pages show."""
