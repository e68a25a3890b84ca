/*
 * The job history dashboard: plain JavaScript, no dependencies, no build step.
 * Safety rule: every value from the server is written with textContent or setAttribute on a known attribute,
 * never as HTML, so job names, errors and attributes always show as the characters they are.
 */
(function () {
  'use strict';

  var API = 'api/';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var REFRESH_MS = 5000;
  var STATUSES = ['running', 'success', 'partial_success', 'failed', 'skipped', 'abandoned'];
  var STATUS = {
    success: { icon: '✓', word: 'Success' },
    partial_success: { icon: '◐', word: 'Partial' },
    failed: { icon: '✗', word: 'Failed' },
    running: { icon: '▶', word: 'Running' },
    abandoned: { icon: '⚠', word: 'Abandoned' },
    skipped: { icon: '–', word: 'Skipped' },
    never: { icon: '○', word: 'Never run' }
  };
  var SAFE_ATTRIBUTES = /^(class|id|href|title|datetime|tabindex|role|scope|hidden|colspan|data-[a-z-]+|aria-[a-z]+|x|y|x1|x2|y1|y2|width|height|viewBox|rx|d|fill|stroke|stroke-width|patternUnits|patternTransform|focusable|text-anchor|dominant-baseline|value|selected|type|name|for|lang)$/;

  // ---- DOM helpers: text only ----

  function el(tag, attributes, children, svg) {
    var node = svg ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
    if (attributes) {
      Object.keys(attributes).forEach(function (name) {
        var value = attributes[name];
        if (value === null || value === undefined || value === false) { return; }
        if (!SAFE_ATTRIBUTES.test(name)) { throw new Error('attribute not allowed: ' + name); }
        if (name === 'href' && !isLocalHref(String(value))) { throw new Error('external link refused'); }
        node.setAttribute(name, value === true ? '' : String(value));
      });
    }
    append(node, children);
    return node;
  }

  function svgEl(tag, attributes, children) { return el(tag, attributes, children, true); }

  function append(node, children) {
    if (children === null || children === undefined) { return; }
    if (!Array.isArray(children)) { children = [children]; }
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    });
  }

  function isLocalHref(href) { return /^(\.\/|[a-z]+\.html(\?|#|$)|#|\?)/.test(href) || href === './'; }

  function byId(id) { return document.getElementById(id); }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function jobHref(jobId, extra) {
    var query = new URLSearchParams(extra || {});
    query.set('job', jobId);
    return 'job.html?' + query.toString();
  }

  function runHref(executionId) { return 'run.html?' + new URLSearchParams({ id: executionId }).toString(); }

  // ---- Formatting ----

  function statusInfo(status) { return STATUS[status] || { icon: '?', word: status }; }

  function badge(status) {
    var info = statusInfo(status);
    return el('span', { class: 'status s-' + status, 'data-status': status },
      [el('span', { class: 'icon', 'aria-hidden': 'true' }, info.icon), info.word]);
  }

  function countBadge(status, text) {
    return el('span', { class: 'status s-' + status, 'data-status': status },
      [el('span', { class: 'icon', 'aria-hidden': 'true' }, statusInfo(status).icon), text]);
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function formatTime(iso) {
    if (!iso) { return '—'; }
    var d = new Date(iso);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function timeEl(iso) {
    if (!iso) { return '—'; }
    return el('time', { datetime: iso, title: iso }, formatTime(iso));
  }

  function formatDuration(seconds) {
    if (seconds === null || seconds === undefined) { return '—'; }
    if (seconds < 1) { return Math.round(seconds * 1000) + ' ms'; }
    if (seconds < 60) { return (seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)) + ' s'; }
    if (seconds < 3600) {
      var rest = Math.round(seconds % 60);
      return Math.floor(seconds / 60) + ' min' + (rest ? ' ' + rest + ' s' : '');
    }
    return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
  }

  function formatAgo(iso, nowIso) {
    if (!iso) { return ''; }
    var s = Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1000);
    if (s < 0) { return 'in ' + formatDuration(-s); }
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ago'; }
    return Math.floor(s / 86400) + ' d ago';
  }

  function formatRate(rate) { return rate === null || rate === undefined ? '—' : Math.round(rate * 100) + ' %'; }

  // ---- Data ----

  function getJson(path) {
    return fetch(API + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
          if (!response.ok) {
            var message = body && body.error ? body.error : 'HTTP ' + response.status;
            var error = new Error(message);
            error.status = response.status;
            throw error;
          }
          return { body: body, headers: response.headers };
        });
      });
  }

  function showProblem(error) {
    var box = byId('problem');
    clear(box);
    append(box, [el('strong', null, 'Could not load the history: '), error.message]);
    box.hidden = false;
  }

  function hideProblem() { byId('problem').hidden = true; }

  function legend() {
    var foot = byId('legend');
    if (!foot) { return; }
    clear(foot);
    append(foot, 'Status: ');
    ['success', 'partial_success', 'failed', 'running', 'abandoned', 'skipped'].forEach(function (status) {
      append(foot, badge(status));
    });
    append(foot, el('span', null, 'Times in your time zone; hover a time for UTC.'));
  }

  function crumbs(items) {
    var list = byId('crumbs');
    items.forEach(function (item) {
      append(list, el('li', null, item.href ? el('a', { href: item.href }, item.text)
        : el('span', { 'aria-current': 'page' }, item.text)));
    });
  }

  // ---- Jobs overview ----

  // The overview API pages over jobs in id order; the dashboard reads every page, then puts failing jobs first.
  var OVERVIEW_PAGE = 500;

  function loadAllJobs() {
    var jobs = [];
    function page(cursor) {
      var path = 'overview?recent_runs=20&limit=' + OVERVIEW_PAGE +
        (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return getJson(path).then(function (result) {
        jobs = jobs.concat(result.body.jobs);
        if (result.body.next_cursor) { return page(result.body.next_cursor); }
        return { generated_at: result.body.generated_at, jobs: jobs.sort(compareJobs) };
      });
    }
    return page(null);
  }

  // Failing jobs first (longest failure streak first), then jobs whose latest finished run partly failed, then
  // the others; each group by job id, in code point order as the server sorts ids.
  function compareJobs(a, b) {
    return tier(a) - tier(b) || b.consecutive_failures - a.consecutive_failures || compareCodePoints(a.job_id, b.job_id);
  }

  function tier(job) {
    if (job.consecutive_failures > 0) { return 0; }
    for (var i = 0; i < job.recent_runs.length; i++) {
      var status = job.recent_runs[i].status;
      if (status !== 'running' && status !== 'abandoned') { return status === 'partial_success' ? 1 : 2; }
    }
    return 2;
  }

  function compareCodePoints(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var ca = a.codePointAt(i);
      var cb = b.codePointAt(j);
      if (ca !== cb) { return ca - cb; }
      i += ca > 0xffff ? 2 : 1;
      j += cb > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }

  function overviewPage() {
    var tbody = document.querySelector('#jobs tbody');
    var toggle = byId('auto-refresh');
    var timer = null;
    var loading = false;

    function load() {
      if (loading) { return; }
      loading = true;
      loadAllJobs().then(function (data) {
        hideProblem();
        render(data);
      }).catch(showProblem).then(function () { loading = false; schedule(); });
    }

    function schedule() {
      clearTimeout(timer);
      if (toggle.checked) { timer = setTimeout(load, REFRESH_MS); }
    }

    toggle.addEventListener('change', schedule);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && toggle.checked) { load(); }
    });

    function render(data) {
      var jobs = data.jobs;
      var failing = jobs.filter(function (j) { return j.consecutive_failures > 0; }).length;
      var running = jobs.reduce(function (n, j) { return n + j.running; }, 0);
      var abandoned = jobs.reduce(function (n, j) { return n + j.abandoned; }, 0);
      var totals = byId('totals');
      var text = jobs.length + (jobs.length === 1 ? ' job' : ' jobs') + ' · ' + failing + ' failing · ' +
        running + ' running · ' + abandoned + ' abandoned · updated ' + formatTime(data.generated_at);
      if (totals.textContent !== text) { totals.textContent = text; }
      byId('empty').hidden = jobs.length > 0;

      // Update rows in place, keyed by job id: unchanged rows are left alone, so nothing flickers, the scroll
      // position stays, and keyboard focus returns to the same link in a replaced row.
      var existing = {};
      Array.prototype.forEach.call(tbody.rows, function (row) { existing[row.getAttribute('data-job-id')] = row; });
      var active = document.activeElement;
      var activeJob = active && tbody.contains(active) ? active.closest('tr').getAttribute('data-job-id') : null;
      var activeClass = activeJob ? active.className : null;
      var previous = null;
      jobs.forEach(function (job) {
        var key = JSON.stringify(job, function (k, v) { return k === 'generated_at' ? undefined : v; }) +
          formatAgo(job.last_start_time, data.generated_at);
        var row = existing[job.job_id];
        if (!row || row.getAttribute('data-key') !== key) {
          var fresh = jobRow(job, data.generated_at);
          fresh.setAttribute('data-key', key);
          if (row) { tbody.replaceChild(fresh, row); } else { tbody.appendChild(fresh); }
          if (activeJob === job.job_id) {
            var again = fresh.querySelector('a.' + (activeClass || 'job-name').split(' ')[0]);
            if (again) { again.focus(); }
          }
          row = fresh;
        }
        delete existing[job.job_id];
        var wanted = previous ? previous.nextSibling : tbody.firstChild;
        if (wanted !== row) { tbody.insertBefore(row, wanted); }
        previous = row;
      });
      Object.keys(existing).forEach(function (id) { tbody.removeChild(existing[id]); });
    }

    function jobRow(job, now) {
      var lastStatus = job.last_status || 'never';
      var nameCell = el('td', { 'data-label': 'Job' }, el('div', null, [
        el('a', { class: 'job-name', href: jobHref(job.job_id) }, job.job_name),
        job.job_name !== job.job_id ? el('code', { class: 'job-id' }, job.job_id) : null
      ]));
      var lastCell = el('td', { 'data-label': 'Last run' }, el('div', null, [
        badge(lastStatus),
        job.last_start_time ? el('time', { class: 'when', datetime: job.last_start_time,
          title: formatTime(job.last_start_time) + ' (' + job.last_start_time + ')' },
          formatAgo(job.last_start_time, now)) : null,
        job.last_error && (lastStatus === 'failed' || lastStatus === 'partial_success' || lastStatus === 'abandoned')
          ? el('span', { class: 'first-error', title: job.last_error }, job.last_error) : null
      ]));
      var stripCell = el('td', { 'data-label': 'Last 20 runs' }, strip(job.recent_runs, 20));
      var streak = job.consecutive_failures;
      var now2 = [];
      if (job.running > 0) { now2.push(countBadge('running', job.running + ' running')); }
      if (job.abandoned > 0) { now2.push(countBadge('abandoned', job.abandoned + ' abandoned')); }
      return el('tr', { 'data-job-id': job.job_id, 'data-status': lastStatus }, [
        nameCell, lastCell, stripCell,
        el('td', { class: 'num', 'data-label': 'Success rate' }, formatRate(job.success_rate)),
        el('td', { class: 'num', 'data-label': 'p50 / p95' },
          formatDuration(job.p50_duration_seconds) + ' / ' + formatDuration(job.p95_duration_seconds)),
        el('td', { class: 'num', 'data-label': 'Failures in a row' },
          el('span', { class: streak > 0 ? 'streak' : 'zero' }, streak > 0 ? '✗ ' + streak : '0')),
        el('td', { 'data-label': 'Now' }, now2.length ? el('div', { class: 'now' }, now2)
          : el('span', { class: 'zero' }, '—'))
      ]);
    }

    function strip(runs, size) {
      var cells = [];
      var counts = {};
      for (var i = runs.length; i < size; i++) { cells.push(el('span', { class: 'slot', 'aria-hidden': 'true' })); }
      runs.slice().reverse().forEach(function (run) {
        var info = statusInfo(run.status);
        counts[info.word] = (counts[info.word] || 0) + 1;
        cells.push(el('a', {
          class: 'outcome s-' + run.status, 'data-status': run.status, href: runHref(run.execution_id),
          tabindex: '-1', 'aria-hidden': 'true',
          title: (run.status === 'skipped' ? info.word + ' (' + (run.skip_count || 1) + ' due run' +
            (run.skip_count > 1 ? 's' : '') + ')' : info.word) + ' · ' + formatTime(run.start_time) +
            (run.status === 'skipped' ? '' : ' · ' + formatDuration(run.duration_seconds))
        }, info.icon));
      });
      var label = runs.length === 0 ? 'No runs yet' : 'Last ' + runs.length + ' runs: ' + Object.keys(counts)
        .map(function (word) { return counts[word] + ' ' + word.toLowerCase(); }).join(', ');
      return el('div', { class: 'strip', role: 'img', 'aria-label': label }, cells);
    }

    load();
  }

  // ---- Job page ----

  function toIso(local) { return local ? new Date(local).toISOString() : null; }

  function toLocalInput(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' +
      pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  function jobPage() {
    var params = new URLSearchParams(location.search);
    var jobId = params.get('job');
    if (!jobId) { showProblem(new Error('no job given; open a job from the jobs list')); return; }
    var status = params.get('status') || '';
    var from = params.get('from') || '';
    var to = params.get('to') || '';
    var cursor = params.get('cursor') || '';
    var limit = params.get('limit') || '20';
    var encoded = encodeURIComponent(jobId);

    byId('job-id').textContent = jobId;
    byId('f-job').value = jobId;
    var select = byId('f-status');
    STATUSES.forEach(function (s) {
      select.appendChild(el('option', { value: s, selected: s === status }, statusInfo(s).word));
    });
    byId('f-from').value = from;
    byId('f-to').value = to;
    var presets = byId('presets');
    [['Last hour', 3600], ['Last 24 h', 86400], ['Last 7 days', 604800]].forEach(function (preset) {
      var start = toLocalInput(new Date(Date.now() - preset[1] * 1000));
      presets.appendChild(el('a', { href: jobHref(jobId, status ? { status: status, from: start } : { from: start }) },
        preset[0]));
    });
    presets.appendChild(el('a', { href: jobHref(jobId) }, 'All runs'));

    var range = new URLSearchParams();
    if (from) { range.set('from', toIso(from)); }
    if (to) { range.set('to', toIso(to)); }
    var query = new URLSearchParams(range);
    query.set('limit', limit);
    if (status) { query.set('status', status); }
    if (cursor) { query.set('cursor', cursor); }
    var chartQuery = new URLSearchParams(range);
    chartQuery.set('limit', '1000');
    byId('range-note').textContent = (from || to)
      ? 'Showing runs started ' + (from ? 'from ' + formatTime(toIso(from)) : '') +
        (from && to ? ' ' : '') + (to ? 'before ' + formatTime(toIso(to)) : '') + '.'
      : 'Showing every retained run.';

    Promise.all([
      getJson('jobs/' + encoded + '/summary'),
      getJson('jobs/' + encoded + '/history?limit=1'),
      getJson('jobs/' + encoded + '/history?' + chartQuery.toString()),
      getJson('jobs/' + encoded + '/history?' + query.toString())
    ]).then(function (results) {
      var summary = results[0].body;
      var latest = results[1].body[0] || null;
      var name = latest ? latest.job_name : jobId;
      byId('job-name').textContent = name;
      document.title = name + ' · Job history';
      crumbs([{ text: name }]);
      banner(latest);
      stats(summary);
      chart(results[2].body);
      runsTable(results[3].body);
      pager(results[3].headers.get('X-Next-Cursor'));
    }).catch(function (error) {
      crumbs([{ text: jobId }]);
      showProblem(error);
    });

    function banner(latest) {
      var box = byId('banner');
      if (!latest || (latest.status !== 'failed' && latest.status !== 'abandoned' &&
          latest.status !== 'partial_success')) { return; }
      var failed = latest.status !== 'partial_success';
      box.className = 'banner' + (failed ? '' : ' partial');
      box.setAttribute('role', failed ? 'alert' : 'status');
      var what = latest.status === 'failed' ? 'The latest run failed'
        : latest.status === 'abandoned' ? 'The latest run was abandoned: its process stopped sending heartbeats'
          : 'The latest run partly failed';
      var errors = latest.errors.slice(0, 5);
      append(box, [
        el('h2', { id: 'banner-title' }, [el('span', { 'aria-hidden': 'true' }, statusInfo(latest.status).icon + ' '),
          what]),
        el('p', null, ['Started ', timeEl(latest.start_time), latest.end_time ? ', ended ' : '',
          latest.end_time ? timeEl(latest.end_time) : '', '. ',
          el('a', { href: runHref(latest.execution_id) }, 'Open the run')]),
        errors.length ? el('ul', { class: 'banner-errors' }, errors.map(function (e) { return el('li', null, e); }))
          : el('p', null, 'It reported no error message.'),
        latest.errors.length > 5 ? el('p', null, 'and ' + (latest.errors.length - 5) + ' more on the run page.') : null
      ]);
      box.hidden = false;
    }

    function stats(s) {
      var dl = byId('stats');
      function item(label, value) { dl.appendChild(el('div', null, [el('dt', null, label), el('dd', null, value)])); }
      item('Retained runs', String(s.runs));
      item('Success rate', formatRate(s.success_rate));
      item('Duration p50 / p95', formatDuration(s.p50_duration_seconds) + ' / ' + formatDuration(s.p95_duration_seconds));
      item('Failures in a row', String(s.consecutive_failures));
      item('Running now', String(s.counts_by_status.running || 0));
      item('Abandoned', String(s.counts_by_status.abandoned || 0));
      item('Last success', timeEl(s.last_success_time));
      item('Last failure', timeEl(s.last_failure_time));
    }

    function chart(runs) {
      var box = byId('chart');
      if (!runs.length) { box.appendChild(el('p', { class: 'hint' }, 'No runs in this range.')); return; }
      var ordered = runs.slice().reverse();
      var width = 1000;
      var height = 190;
      var left = 58;
      var bottom = 22;
      var top = 10;
      var max = ordered.reduce(function (m, r) { return Math.max(m, r.duration_seconds || 0); }, 0) || 1;
      var slot = (width - left - 4) / ordered.length;
      var barWidth = Math.max(1, Math.min(28, slot * 0.8));
      var plot = height - bottom - top;
      var counts = {};
      var svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', focusable: 'false',
        'aria-label': 'Duration of ' + ordered.length + ' runs, oldest on the left' });
      svg.setAttribute('preserveAspectRatio', 'none');
      svg.appendChild(svgEl('defs', null, [hatch('hatch-failed', '#cf222e'), hatch('hatch-abandoned', '#8250df')]));
      [0, 0.5, 1].forEach(function (f) {
        var y = top + plot * (1 - f);
        svg.appendChild(svgEl('line', { class: 'grid', x1: left, x2: width, y1: y, y2: y }));
        svg.appendChild(svgEl('text', { class: 'axis', x: left - 6, y: y + 4, 'text-anchor': 'end' },
          f === 0 ? '0' : formatDuration(max * f)));
      });
      ordered.forEach(function (run, i) {
        counts[run.status] = (counts[run.status] || 0) + 1;
        var seconds = run.duration_seconds || 0;
        var h = Math.max(2, plot * seconds / max);
        var x = left + 2 + i * slot + (slot - barWidth) / 2;
        var info = statusInfo(run.status);
        var link = svgEl('a', { href: runHref(run.execution_id), tabindex: '-1' }, svgEl('rect', {
          class: 'bar b-' + run.status, 'data-status': run.status, x: x.toFixed(1),
          y: (top + plot - h).toFixed(1), width: barWidth.toFixed(1), height: h.toFixed(1), rx: 1
        }, svgEl('title', null, info.word + ' · ' + formatTime(run.start_time) + ' · ' +
          (run.duration_seconds === null ? 'still running' : formatDuration(seconds)))));
        svg.appendChild(link);
      });
      // The first and last start times, under the first and last bars.
      var firstX = left + 2 + (slot - barWidth) / 2;
      var lastX = left + 2 + (ordered.length - 1) * slot + (slot + barWidth) / 2;
      svg.appendChild(svgEl('text', { class: 'axis', x: firstX.toFixed(1), y: height - 5 },
        formatTime(ordered[0].start_time)));
      if (ordered.length > 1) {
        svg.appendChild(svgEl('text', { class: 'axis', x: lastX.toFixed(1), y: height - 5, 'text-anchor': 'end' },
          formatTime(ordered[ordered.length - 1].start_time)));
      }
      box.appendChild(svg);
      var key = el('p', { class: 'legend' });
      Object.keys(counts).forEach(function (s) {
        key.appendChild(el('span', null, [
          svgEl('svg', { viewBox: '0 0 12 12', 'aria-hidden': 'true' },
            svgEl('rect', { class: 'b-' + s, x: 1, y: 1, width: 10, height: 10 })),
          statusInfo(s).icon + ' ' + statusInfo(s).word + ': ' + counts[s]]));
      });
      key.appendChild(el('span', null, 'Failed bars are hatched; running and skipped ones are outlined.'));
      box.appendChild(key);
    }

    function hatch(id, colour) {
      return svgEl('pattern', { id: id, width: 6, height: 6, patternUnits: 'userSpaceOnUse',
        patternTransform: 'rotate(45)' }, [
        svgEl('rect', { width: 6, height: 6, fill: colour }),
        svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#fff', 'stroke-width': 2 })]);
    }

    function runsTable(runs) {
      var tbody = document.querySelector('#runs tbody');
      byId('empty').hidden = runs.length > 0;
      runs.forEach(function (run) {
        tbody.appendChild(el('tr', { 'data-execution-id': run.execution_id, 'data-status': run.status }, [
          el('td', { 'data-label': 'Started' }, el('a', { href: runHref(run.execution_id), title: run.start_time },
            formatTime(run.start_time))),
          el('td', { class: 'num', 'data-label': 'Duration' }, formatDuration(run.duration_seconds)),
          el('td', { 'data-label': 'Status' }, badge(run.status)),
          el('td', { class: 'num', 'data-label': 'Items ok / failed' },
            run.succeeded_items.length + ' / ' + run.failed_items.length),
          el('td', { class: 'error-cell', 'data-label': 'First error' }, run.errors[0] || '')
        ]));
      });
    }

    function pager(next) {
      var nav = byId('pager');
      var base = {};
      if (status) { base.status = status; }
      if (from) { base.from = from; }
      if (to) { base.to = to; }
      if (params.get('limit')) { base.limit = limit; }
      nav.appendChild(cursor ? el('a', { href: jobHref(jobId, base), id: 'newest' }, '⇤ Newest runs')
        : el('span', { class: 'disabled' }, '⇤ Newest runs'));
      if (next) {
        var older = Object.assign({}, base, { cursor: next });
        nav.appendChild(el('a', { href: jobHref(jobId, older), id: 'older' }, 'Older runs →'));
      } else {
        nav.appendChild(el('span', { class: 'disabled' }, 'No older runs'));
      }
    }
  }

  // ---- Run page ----

  function runPage() {
    var id = new URLSearchParams(location.search).get('id');
    if (!id) { showProblem(new Error('no run given; open a run from a job page')); return; }
    getJson('executions/' + encodeURIComponent(id)).then(function (result) {
      var run = result.body;
      crumbs([{ text: run.job_name, href: jobHref(run.job_id) }, { text: 'Run ' + run.execution_id }]);
      byId('run-title').textContent = 'Run of ' + run.job_name;
      document.title = 'Run ' + run.execution_id + ' · ' + run.job_name + ' · Job history';
      byId('run-status').appendChild(badge(run.status));
      var dl = byId('fields');
      function field(label, value) { dl.appendChild(el('dt', null, label)); dl.appendChild(el('dd', null, value)); }
      field('Execution id', el('code', null, run.execution_id));
      field('Job', [el('a', { href: jobHref(run.job_id) }, run.job_name), ' ', el('code', { class: 'id' }, run.job_id)]);
      field('Status', badge(run.status));
      field('Started', timeEl(run.start_time));
      field('Ended', run.end_time ? timeEl(run.end_time) : 'not yet');
      field('Duration', run.duration_seconds === null ? 'still running' : formatDuration(run.duration_seconds));
      field('Items', run.total_items + ' in total, ' + run.succeeded_items.length + ' succeeded, ' +
        run.failed_items.length + ' failed');
      if (run.heartbeat_deadline) {
        field('Heartbeat deadline', [timeEl(run.heartbeat_deadline), run.status === 'abandoned'
          ? ' — passed: the process running it most likely died'
          : ' — reported abandoned if no heartbeat comes by then']);
      }
      if (run.status === 'skipped') {
        field('Due runs skipped', String(run.skip_count || 1));
        if (run.last_due_time) { field('Last due time', timeEl(run.last_due_time)); }
      }
      if (run.errors.length) {
        var list = byId('errors');
        run.errors.forEach(function (e) { list.appendChild(el('li', null, e)); });
        byId('errors-section').hidden = false;
      }
      if (run.stack_trace) {
        byId('trace').textContent = run.stack_trace;
        byId('trace-section').hidden = false;
      }
      items('ok', 'Succeeded', run.succeeded_items);
      items('failed', 'Failed', run.failed_items);
      var attributes = Object.keys(run.attributes || {});
      var tbody = document.querySelector('#attributes tbody');
      attributes.forEach(function (name) {
        tbody.appendChild(el('tr', null, [el('td', null, el('code', null, name)), el('td', null, run.attributes[name])]));
      });
      byId('attributes').hidden = attributes.length === 0;
      byId('no-attributes').hidden = attributes.length > 0;
    }).catch(function (error) {
      crumbs([{ text: 'Run ' + id }]);
      showProblem(error);
    });

    function items(key, word, values) {
      byId(key + '-title').textContent = word + ' (' + values.length + ')';
      var list = byId(key + '-items');
      if (!values.length) { list.appendChild(el('li', { class: 'hint' }, 'none')); }
      values.forEach(function (v) { list.appendChild(el('li', null, v)); });
    }
  }

  // ---- Start ----

  document.addEventListener('DOMContentLoaded', function () {
    legend();
    var page = document.body.getAttribute('data-page');
    if (page === 'overview') { overviewPage(); } else if (page === 'job') { jobPage(); } else if (page === 'run') { runPage(); }
  });
}());
