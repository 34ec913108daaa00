"""The competence portfolio: one record per LIS from hospital to kommune, its plan of goals, the
people who supervise and approve, and the learning activities they sign. Pure rules only."""
