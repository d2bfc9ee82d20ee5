"""The back-office home: what staff must act on now, and how today and this month are going."""
