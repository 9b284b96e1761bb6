/* The live page at `/`: one self-contained HTML file (no external scripts,
 * fonts or styles, so it works offline and under any CSP a laptop has).
 * It loads the kept events and the summary from the QA API, then follows
 * /api/stream: the feed grows as events arrive, coverage of the plan and
 * the counts refresh, and a click on an event shows its violations and
 * payload. Text is set with textContent only (payloads are untrusted);
 * the font stack names the usual Korean system fonts. A token in the
 * page's own URL (?token=T) is passed on to every API call; #SEQ in it
 * opens that event (a click sets it, so a link shows what one saw).
 * Funnels (when the taxonomy has some) are bars per step, the reached
 * count and its share of entered journeys, from the summary's live
 * counts, overall or for the test chosen in the list (funnels_by_test);
 * an `update` frame (a funnel violation added to a sent event) refreshes
 * that event's row. */
#include "internal.h"

/* Pieces, since C11 compilers need only take 4095-byte literals. */
static const char *const parts[] = {
"<!doctype html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">\n",
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
"<title>taxonc serve</title>\n<style>\n",
"body{margin:0;font:14px/1.45 system-ui,-apple-system,\"Apple SD Gothic Neo\",\"Malgun Gothic\",",
"\"Noto Sans CJK KR\",\"Noto Sans KR\",\"NanumGothic\",sans-serif;color:#1d2330;background:#f6f7f9}\n",
"header{padding:10px 16px;background:#1d2330;color:#fff;display:flex;gap:18px;align-items:baseline;",
"flex-wrap:wrap}\nheader h1{font-size:16px;margin:0}\n.n{font-weight:600}\n",
"main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:12px;padding:12px}\n",
"section{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px 10px;min-width:0}\n",
"h2{font-size:13px;margin:2px 0 8px;text-transform:uppercase;color:#566}\n",
"table{border-collapse:collapse;width:100%}td,th{padding:3px 6px;text-align:left;",
"border-bottom:1px solid #eef0f3;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;",
"max-width:22em}\n#feed tbody tr{cursor:pointer}#feed tbody tr:hover{background:#eef4ff}\n",
"tr.sel{background:#dde9ff!important}\n.v-valid{color:#17803d}.v-invalid{color:#c0262d;",
"font-weight:600}.v-ignored{color:#778}\n",
"pre{white-space:pre-wrap;word-break:break-all;background:#f3f4f6;padding:8px;border-radius:4px;",
"max-height:40vh;overflow:auto}\n.bar{height:6px;background:#eef0f3;border-radius:3px}",
".bar i{display:block;height:6px;background:#17803d;border-radius:3px}",
"td.barcell{width:30%;min-width:60px}\n",
".funnel h3{font-size:13px;margin:10px 0 2px}.funnel p{margin:0 0 4px;font-size:12px;color:#566}\n",
"#status{font-size:12px;opacity:.8}\nul{padding-left:18px;margin:4px 0}\n",
"</style></head><body>\n<header><h1>taxonc serve</h1>\n",
"<span>events <span class=\"n\" id=\"count-events\">0</span></span>\n",
"<span class=\"v-valid\">valid <span class=\"n\" id=\"count-valid\">0</span></span>\n",
"<span class=\"v-invalid\">invalid <span class=\"n\" id=\"count-invalid\">0</span></span>\n",
"<span>plan coverage <span class=\"n\" id=\"coverage-events\">0/0</span></span>\n",
"<span id=\"status\">connecting</span></header>\n<main>\n",
"<section><h2>Feed</h2><table id=\"feed\"><thead><tr><th>#</th><th>time</th><th>test</th>",
"<th>source</th><th>event</th><th>verdict</th><th>violations</th></tr></thead>",
"<tbody></tbody></table></section>\n",
"<div><section id=\"detail\"><h2>Event</h2><p id=\"detail-empty\">Click an event to see its ",
"violations and payload.</p><div id=\"detail-body\" hidden><p id=\"detail-title\"></p>",
"<ul id=\"detail-violations\"></ul><pre id=\"detail-payload\"></pre></div></section>\n",
"<section><h2>Coverage of the plan</h2><table id=\"coverage\"><thead><tr><th>event</th>",
"<th>seen</th><th>valid</th><th>invalid</th><th></th></tr></thead><tbody></tbody></table>",
"</section>\n<section id=\"funnels\" hidden><h2>Funnels</h2><label>test <select id=\"funnel-test\">",
"<option value=\"\">(all)</option></select></label><div id=\"funnel-list\"></div></section>",
"</div>\n</main>\n<script>\n\"use strict\";\n",
"const tok=new URLSearchParams(location.search).get('token');\n",
"function u(p){return tok?p+(p.includes('?')?'&':'?')+'token='+encodeURIComponent(tok):p}\n",
"const events=new Map();let lastSeq=0,selected=null,pending=false,fnTest='';\n",
"function el(tag,text,cls){const e=document.createElement(tag);if(text!==undefined)",
"e.textContent=String(text);if(cls)e.className=cls;return e}\n",
"function row(ev){events.set(ev.seq,ev);const tr=document.createElement('tr');",
"tr.dataset.seq=ev.seq;tr.className='verdict-'+ev.verdict;\n",
"[ev.seq,(ev.time||'').slice(11,23),ev.test||'',ev.source,ev.event===null?'(no name)':ev.event]",
".forEach(t=>tr.appendChild(el('td',t)));\n",
"tr.appendChild(el('td',ev.verdict,'v-'+ev.verdict));tr.appendChild(el('td',ev.violations_total));\n",
"tr.onclick=()=>{show(ev.seq);history.replaceState(null,'','#'+ev.seq)};const tb=document.querySelector('#feed tbody');",
"tb.insertBefore(tr,tb.firstChild);while(tb.rows.length>2000)tb.deleteRow(-1);",
"if(ev.seq>lastSeq)lastSeq=ev.seq}\n",
"function show(seq){const ev=events.get(seq);if(!ev)return;selected=seq;\n",
"document.querySelectorAll('#feed tr.sel').forEach(r=>r.classList.remove('sel'));\n",
"const tr=document.querySelector('#feed tr[data-seq=\"'+seq+'\"]');if(tr)tr.classList.add('sel');\n",
"document.getElementById('detail-empty').hidden=true;document.getElementById('detail-body').hidden=false;\n",
"document.getElementById('detail-title').textContent='#'+ev.seq+' '+(ev.event===null?'(no name)':ev.event)",
"+' \\u2014 '+ev.verdict+(ev.test?' (test '+ev.test+')':'');\n",
"const ul=document.getElementById('detail-violations');ul.textContent='';\n",
"ev.violations.forEach(v=>{const li=el('li');li.appendChild(el('b',v.code));",
"li.appendChild(el('code',' '+v.path+' '));li.appendChild(el('span',v.message));ul.appendChild(li)});\n",
"if(ev.violations_total>ev.violations.length)ul.appendChild(el('li',(ev.violations_total-",
"ev.violations.length)+' more'));\n",
"document.getElementById('detail-payload').textContent=JSON.stringify(ev.payload,null,2)}\n",
"async function summary(){pending=false;try{const r=await fetch(u('/api/summary'));",
"if(!r.ok)return;const s=await r.json();\n",
"document.getElementById('count-events').textContent=s.events;",
"document.getElementById('count-valid').textContent=s.valid;",
"document.getElementById('count-invalid').textContent=s.invalid;\n",
"document.getElementById('coverage-events').textContent=s.coverage.events_seen+'/'+s.coverage.events_total;\n",
"const tb=document.querySelector('#coverage tbody');tb.textContent='';\n",
"s.event_types.forEach(t=>{const tr=el('tr');tr.dataset.event=t.name;",
"tr.className=t.seen?'seen':'unseen';[t.name,t.seen,t.valid,t.invalid].forEach(x=>",
"tr.appendChild(el('td',x)));const td=el('td',undefined,'barcell'),b=el('div',undefined,'bar'),i=el('i');",
"i.style.width=(t.seen?Math.round(100*t.valid/t.seen):0)+'%';b.appendChild(i);td.appendChild(b);",
"tr.appendChild(td);tb.appendChild(tr)});funnels(s)}catch(e){}}\n",
"function pct(a,b){return(b?(100*a/b).toFixed(1):'0.0')+'%'}\n",
"function funnels(s){const sec=document.getElementById('funnels');if(!s.funnels){sec.hidden=true;return}\n",
"sec.hidden=false;const by=s.funnels_by_test||{},tags=Object.keys(by),sel=document.getElementById('funnel-test');\n",
"if([...sel.options].slice(1).map(o=>o.value).join('\\n')!==tags.join('\\n')){sel.length=1;",
"tags.forEach(t=>sel.appendChild(new Option(t,t)))}if(fnTest&&!by[fnTest])fnTest='';sel.value=fnTest;\n",
"const box=document.getElementById('funnel-list');box.textContent='';\n",
"(fnTest?by[fnTest].funnels:s.funnels).forEach(f=>{const d=el('div',undefined,'funnel');d.dataset.funnel=f.name;\n",
"d.appendChild(el('h3',f.name));d.appendChild(el('p',f.entered+' entered, '+f.completed+' completed ('+",
"pct(f.completed,f.entered)+'), '+f.open+' open'));const t=el('table');\n",
"f.steps.forEach((st,i)=>{const tr=el('tr');[i+1,st.event,st.reached,pct(st.reached,f.entered)].forEach(x=>",
"tr.appendChild(el('td',x)));const td=el('td',undefined,'barcell'),b=el('div',undefined,'bar'),w=el('i');\n",
"w.style.width=pct(st.reached,f.entered);b.appendChild(w);td.appendChild(b);tr.appendChild(td);t.appendChild(tr)});\n",
"d.appendChild(t);box.appendChild(d)})}\n",
"document.getElementById('funnel-test').onchange=e=>{fnTest=e.target.value;summary()};\n",
"function later(){if(!pending){pending=true;setTimeout(summary,300)}}\n",
"function fromHash(){const m=/^#([0-9]+)$/.exec(location.hash);if(m)show(Number(m[1]))}\n",
"window.onhashchange=fromHash;\n",
"async function start(){try{const r=await fetch(u('/api/events?limit=2000'));",
"if(r.ok){const j=await r.json();j.events.forEach(row);lastSeq=Math.max(lastSeq,j.last_seq)}}",
"catch(e){}\nfromHash();await summary();\n",
"const es=new EventSource(u('/api/stream?since='+lastSeq));\n",
"es.onopen=()=>{document.getElementById('status').textContent='live'};\n",
"es.onerror=()=>{document.getElementById('status').textContent='reconnecting'};\n",
"es.onmessage=m=>{const ev=JSON.parse(m.data);if(!events.has(ev.seq)){row(ev);later()}};\n",
"es.addEventListener('update',m=>{const ev=JSON.parse(m.data);if(!events.has(ev.seq))return;",
"events.set(ev.seq,ev);const tr=document.querySelector('#feed tr[data-seq=\"'+ev.seq+'\"]');",
"if(tr)tr.cells[6].textContent=ev.violations_total;if(selected===ev.seq)show(ev.seq);later()});\n",
"es.addEventListener('reset',()=>{events.clear();document.querySelector('#feed tbody')",
".textContent='';later()})}\nstart();\n</script></body></html>\n",
};

static char *page;
static size_t page_len;

static void build(void)
{
    tx_sb b = TX_SB_INIT;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        tx_sb_adds(&b, parts[i]);
    page = tx_sb_detach(&b, &page_len);
    if (!page)
        tx_die_oom();
}

const char *sv_page(size_t *len)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build);
    *len = page_len;
    return page;
}
