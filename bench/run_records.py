"""What the bench scripts read from a run's raw records and its report (results/<run>/)."""
import csv
import glob


def link_totals(run, since_us=None, until_us=None):
    """Sums of bandwidth.csv's columns over every peer's links, for the samples taken in [since_us, until_us)."""
    totals = {'bytes_out': 0, 'useful_payload_bytes_in': 0, 'duplicate_payload_bytes_in': 0}
    for f in glob.glob(f"{run}/peers/*/bandwidth.csv"):
        for r in csv.DictReader(open(f)):
            time = int(r['time_unix_us'])
            if (since_us is None or time >= since_us) and (until_us is None or time < until_us):
                for column in totals:
                    totals[column] += int(r[column])
    return totals


def deliveries_by_via(run):
    """deliveries.csv rows of every peer, counted by the way each update came."""
    via = {}
    for f in glob.glob(f"{run}/peers/*/deliveries.csv"):
        for r in csv.DictReader(open(f)):
            via[r['via']] = via.get(r['via'], 0) + 1
    return via


def describe_via(via):
    deliveries = sum(via.values())
    return ", ".join(f"{k} {v / max(deliveries, 1):.1%}" for k, v in sorted(via.items())) + f" (n = {deliveries})"


def report_figures(run):
    """The report's headline figures (cmesh report must have run)."""
    return {r['figure']: r['value'] for r in csv.DictReader(open(f"{run}/report/csv/figures.csv"))}
