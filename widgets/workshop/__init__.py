"""Workshop rooms: the facilitator's console and dashboard, the participant's room, agendas,
timers and handouts."""
