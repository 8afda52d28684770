
review_schedule = Table(
    "review_schedule", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("scenario_id", Text, primary_key=True),
    Column("module_id", Text, nullable=False),
    Column("step", Integer, nullable=False),
    Column("due_at", Text, nullable=False),
    Column("last_score", Float, nullable=False),
    Column("reviews", Integer, nullable=False, server_default="0"),
    Column("answered_at", Text, nullable=False),
    Index("review_schedule_due", "learner_id", "due_at"),
)

if_then_plans = Table(
    "if_then_plans", metadata,
    Column("learner_id", Text, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("practice", Text, primary_key=True),
    Column("situation", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
)
