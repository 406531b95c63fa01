"""Check-in by QR code, attendance, learning outcomes, and the documents: badges, the sign-in sheet and
certificates."""
