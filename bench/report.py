"""The printed table, the targets met or not, and what machine it ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import psutil
from common import (
    BARE,
    LEARNER_TIMEOUT_S,
    PROJECT_ROOT,
    TARGET_BENCH_SECONDS,
    TARGET_LOAD_LEARNERS,
    TARGET_LOAD_P95_MS,
    TARGET_RSS_RATIO,
    TARGET_TTI_RATIO,
    ratio,
)
from imports import table as import_table

# -- report ----------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 0, suffix: str = "") -> str:
    """A number for the table, '-' if missing."""
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def page_table(results: dict[str, Any]) -> list[str]:
    """Time to interactive and kernel memory per page."""
    cold = results["cold"]["pages"]
    warm = results.get("preheated", {}).get("pages", {})
    bare_cold = cold[BARE]["tti_ms_median"]
    bare_warm = warm.get(BARE, {}).get("tti_ms_median")
    bare_rss = cold[BARE]["kernel_rss_mib_median"]
    bare_uss = cold[BARE].get("kernel_uss_mib_median")
    lines = [
        "Time to interactive (ms since navigation start; median of "
        f"{results['meta']['repeat']} cold / {results['meta']['warm_repeat']} warm loads, one "
        "browser profile) and page kernel memory (MiB)",
        f"{'page':<30}{'control':<14}{'html':>7}{'cold':>7}{'x bare':>8}"
        f"{'warm':>7}{'x bare':>8}{'RSS':>7}{'x bare':>8}{'USS':>6}{'x bare':>8}",
    ]
    for name, page in cold.items():
        warm_tti = warm.get(name, {}).get("tti_ms_median")
        rss = page["kernel_rss_mib_median"]
        uss = page.get("kernel_uss_mib_median")
        lines.append(
            f"{name:<30}{page['control']:<14}{fmt(page['html_response_end_ms_median']):>7}"
            f"{fmt(page['tti_ms_median']):>7}{fmt(ratio(page['tti_ms_median'], bare_cold), 2):>8}"
            f"{fmt(warm_tti):>7}{fmt(ratio(warm_tti, bare_warm), 2):>8}"
            f"{fmt(rss):>7}{fmt(ratio(rss, bare_rss), 2):>8}"
            f"{fmt(uss):>6}{fmt(ratio(uss, bare_uss), 2):>8}"
        )
    lines.append(
        "cold: a new kernel per page (preheating off); warm: a preheated pool (production). "
        "html: the page's HTML fully received."
    )
    lines.append(
        "RSS: resident memory of the page's kernel once the learner is known; USS: the part no "
        "other process shares (shared libraries count once per machine)."
    )
    lines.append(
        "* no scenario quiz on the page: the first enabled button or link of the course widgets."
    )
    return lines


def click_table(results: dict[str, Any]) -> list[str]:
    """Click-to-feedback latency, course against bare."""
    cold = results["cold"]["pages"]
    bare = cold[BARE]["click_to_feedback_ms_median"]
    lines = [
        "Click to feedback in the browser (ms, median of 3 answers, cold server, one learner)",
        f"{'page':<30}{'choose->Check on':>18}{'Check->feedback':>17}{'x bare':>8}",
    ]
    for name, page in cold.items():
        if page["click_to_feedback_ms_median"] is None:
            continue
        lines.append(
            f"{name:<30}{fmt(page['select_to_enabled_ms_median']):>18}"
            f"{fmt(page['click_to_feedback_ms_median']):>17}"
            f"{fmt(ratio(page['click_to_feedback_ms_median'], bare), 2):>8}"
        )
    return lines


def slow(value: float | None) -> str:
    """A learner time for the table; None means beyond the learner timeout."""
    return f">{LEARNER_TIMEOUT_S}s" if value is None else f"{value:.0f}"


def closed_tab_lines(results: dict[str, Any]) -> list[str]:
    """Whether leaving a page shut its kernel down."""
    lines = []
    for mode in ("cold", "preheated"):
        closed = results.get(mode, {}).get("closed_tabs")
        if closed and closed["pages_left"]:
            still = closed["kernels_still_running_3s_later"]
            lines.append(
                f"Pages left normally ({mode} server): {still} of {closed['pages_left']} page "
                "kernels still running 3 s later"
                + (" (only the culler reclaims those)." if still else ": shut down on leaving.")
            )
    return lines


def load_table(results: dict[str, Any]) -> list[str]:
    """Simultaneous learners."""
    load = results.get("load")
    if not load:
        return []
    settings = load["culling"]
    lines = [
        "Simultaneous learners: each opens a module page and answers 3 scenarios (cold kernels,",
        f"a fresh server per row). success: interactive within {LEARNER_TIMEOUT_S} s and feedback "
        "on all 3 answers;",
        "ms; html: the page's HTML fully received (the server has run the notebook); CPU s: CPU",
        "seconds used while the learners were on their pages (the browser shares the 2 cores).",
        f"{'N':>4}{'success':>9}{'TTI med':>9}{'TTI p95':>9}{'html med':>10}{'html p95':>10}"
        f"{'feedback p95':>14}{'wall s':>8}{'CPU s: server':>15}{'kernels':>9}{'browser':>9}",
    ]
    for run in load["runs"]:
        cpu = run["cpu_seconds"]
        lines.append(
            f"{run['learners']:>4}{fmt(100 * run['success_rate'], 0, '%'):>9}"
            f"{slow(run['tti_ms_median']):>9}{slow(run['tti_ms_p95']):>9}"
            f"{slow(run['html_response_end_ms_median']):>10}"
            f"{slow(run['html_response_end_ms_p95']):>10}"
            f"{fmt(run['click_to_feedback_ms_p95']):>14}{fmt(run['wall_seconds']):>8}"
            f"{fmt(cpu['server']):>15}{fmt(cpu['kernels']):>9}{fmt(cpu['browser']):>9}"
        )
    lines += [
        "",
        "Kernels and memory (MiB: server + kernels RSS) before (1 kernel: an untimed warm-up",
        "page), at the peak, 2 s after the learners left (half closed the tab, half vanished),",
        "and once culling ran",
        f"{'N':>4}{'before':>8}{'MiB':>6}{'peak':>6}{'MiB':>7}{'left':>6}{'MiB':>7}"
        f"{'culled':>8}{'MiB':>6}{'after s':>9}",
    ]
    for run in load["runs"]:
        after = run["after_culling"] or {}
        lines.append(
            f"{run['learners']:>4}{run['before']['kernels']:>8}"
            f"{fmt(run['before']['total_rss_mib']):>6}"
            f"{fmt(run['peak_kernels']):>6}{fmt(run['peak_total_rss_mib']):>7}"
            f"{run['after_leaving']['kernels']:>6}{fmt(run['after_leaving']['total_rss_mib']):>7}"
            f"{after.get('kernels', '-'):>8}{fmt(after.get('total_rss_mib')):>6}"
            f"{fmt(run['culled_after_seconds']):>9}"
        )
    lines.append(
        f"Culling in these runs: cull_idle_timeout={settings['timeout']} s, "
        f"cull_interval={settings['interval']} s (production: voila.json, 600 s / 60 s)."
    )
    early = sum(run["kernels_culled_while_learners_were_on_the_page"] for run in load["runs"])
    if early:
        lines.append(
            f"{early} kernels were culled before their page connected (learners still waiting "
            f"after {settings['timeout']} s)."
        )
    return lines


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target (issues 8 and 30) with the measured figure and whether it is met."""
    targets = []
    for mode in ("cold", "preheated"):
        pages = results.get(mode, {}).get("pages")
        if not pages or pages[BARE]["tti_ms_median"] is None:
            continue
        bare = pages[BARE]["tti_ms_median"]
        ratios = {
            name: ratio(page["tti_ms_median"], bare)
            for name, page in pages.items()
            if name != BARE and page["tti_ms_median"] is not None
        }
        worst = max(ratios, key=lambda name: ratios[name])
        failing = [name for name, value in ratios.items() if value > TARGET_TTI_RATIO[mode]]
        targets.append({
            "target": f"page time to interactive <= {TARGET_TTI_RATIO[mode]}x bare ({mode})",
            "measured": f"worst {ratios[worst]:.2f}x ({worst}); over: {len(failing)} of "
            f"{len(ratios)} pages",
            "met": not failing and len(ratios) == len(pages) - 1,
            "failing": failing,
        })
    pages = results["cold"]["pages"]
    bare_rss = pages[BARE]["kernel_rss_mib_median"]
    for kind, limit in TARGET_RSS_RATIO.items():
        rss = {
            name: ratio(page["kernel_rss_mib_median"], bare_rss)
            for name, page in pages.items()
            if name != BARE and page["kernel_rss_mib_median"] is not None
            and (page["kind"] == "quiz") == (kind == "quiz")
        }
        if not rss:
            continue
        worst = max(rss, key=lambda name: rss[name])
        failing = [name for name, value in rss.items() if value > limit]
        which = "module page" if kind == "quiz" else "other page"
        targets.append({
            "target": f"{which} kernel RSS <= {limit}x bare kernel",
            "measured": f"worst {rss[worst]:.2f}x ({worst}); over: {len(failing)} of {len(rss)}",
            "met": not failing,
            "failing": failing,
        })
    runs = results.get("load", {}).get("runs", [])
    big = [run for run in runs if run["learners"] >= TARGET_LOAD_LEARNERS]
    for run in big:
        p95 = run["tti_ms_p95"]
        targets.append({
            "target": f"{run['learners']} learners: 100% success, p95 TTI < "
            f"{TARGET_LOAD_P95_MS / 1000:.0f} s",
            "measured": f"{100 * run['success_rate']:.0f}% success, p95 "
            + (f"{p95:.0f} ms" if p95 is not None else f"> {LEARNER_TIMEOUT_S} s"),
            "met": run["success_rate"] == 1.0 and p95 is not None and p95 < TARGET_LOAD_P95_MS,
        })
    for run in runs:
        if run["after_culling"] is None:
            continue
        pool = results["load"]["pool_size"]
        targets.append({
            "target": f"kernels back to the pool size ({pool}) after culling ({run['learners']})",
            "measured": f"{run['after_culling']['kernels']} kernels, "
            f"{fmt(run['culled_after_seconds'], 1)} s after leaving",
            "met": run["after_culling"]["kernels"] == pool,
        })
    return targets


def report(results: dict[str, Any]) -> str:
    """The whole table."""
    meta = results["meta"]
    lines = [
        f"Benchmark of {meta['git']} on {meta['machine']}, {meta['date']}",
        f"Server: {' '.join(meta['serve_command'])}",
        "",
        *page_table(results),
        "",
        *click_table(results),
        *closed_tab_lines(results),
        "",
        *load_table(results),
        "",
        *([import_table(results["imports"]), ""] if results.get("imports") else []),
        "Targets (issues 8 and 30)",
    ]
    for target in results["targets"]:
        mark = "met    " if target["met"] else "NOT MET"
        lines.append(f"  [{mark}] {target['target']}: {target['measured']}")
    seconds = results["meta"]["seconds"]
    within = "within" if seconds <= TARGET_BENCH_SECONDS else "over"
    lines.append(f"Total time: {seconds:.0f} s ({within} the {TARGET_BENCH_SECONDS // 60} "
                 "minutes of issue 30)")
    return "\n".join(lines)


def machine() -> str:
    """Cores, memory and CPU model."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 1024**3
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {model}"


def git_describe() -> str:
    """The commit measured, marked when the working tree has changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return commit + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
