"""Chart data for the results page, drawn as plain CSS bars (no script, no CDN): turnout against the quorum
(VOTE-3/4), and each candidate's votes against the threshold of the round (VOTE-5, VOTE-9)."""
from elections.rules import ordered_positions, position_label


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def turnout(round_view):
    """Registered (eligible) voters, those who took part, and the quorum line, as shares of the eligible."""
    f, eligible = round_view.figures, round_view.eligible
    needed = round_view.quorum.threshold_count if round_view.quorum else 0
    return {"eligible": eligible, "absent": round_view.absent, "participants": f.issued, "returned": f.returned, "valid": f.valid,
            "invalid": f.invalid, "needed": needed, "participants_pct": percent(f.issued, eligible),
            "returned_pct": percent(f.returned, eligible),
            "needed_pct": min(100.0, percent(needed, eligible)),
            "reached": bool(round_view.quorum and round_view.quorum.reached)}


def votes(round_view, people, elected_keys):
    """[{position, label, threshold_pct, rows: [{person, votes, pct, elected}]}] of one round; bars are shares
    of those who took part (the first round) or of the ballots cast (later rounds)."""
    figures = round_view.figures
    whole = figures.issued if round_view.count_round.purpose == "first" else figures.returned
    outcome = round_view.outcome
    # A tie-break vote has no threshold: the most votes among the tied decide (VOTE-9).
    tie_break = round_view.count_round.purpose == "tie_break"
    threshold = outcome.threshold if outcome and not tie_break else None
    charts = []
    for position in ordered_positions(round_view.figures.votes):
        counts = round_view.figures.votes[position]
        rows = [{"person": people[k], "votes": v, "pct": percent(v, whole),
                 "elected": (position, k) in elected_keys}
                for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], people[kv[0]].name))]
        charts.append({"position": position, "label": position_label(position), "rows": rows,
                       "threshold": threshold,
                       "threshold_pct": percent(threshold, whole) if threshold else None})
    return charts
