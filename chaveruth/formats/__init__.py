"""Our own date and time formats for a language where Django's default misleads our readers."""
