"""Course actions: the one door to the store. One function per thing a learner or facilitator
does (each writing everything it changes in one transaction), and the reads a page shows.
Views never reach the store; pages wire a view's callbacks to these functions."""
