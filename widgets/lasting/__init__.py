"""What lasts past the course: the if-then plans, the week in review, calendar reminders and
the completion record."""
