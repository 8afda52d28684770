"""The learner's own pages: the course home, the header, the journal and its export, the
five-day challenge, the panel of the resume code."""
