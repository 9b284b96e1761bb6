/* taxonc._taxonc: the CPython binding of libtaxonc (validators/taxonc.h).
 * Every verdict comes from the C library; this file only converts Python
 * values to the library's inputs (paths, buffers, records) and its outputs
 * (JSON text, counters) back, so the package says what the CLI says.
 *
 * A Plan owns a taxonc_plan; a Summary owns a taxonc_summary and keeps its
 * Plan alive (the summary's names point into the plan's taxonomy). A
 * summary read back from JSON (from_json, unpickling) owns its names.
 * The GIL is released while the library validates or checks: a plan is
 * read-only once loaded, so threads may share one. A Summary is not
 * thread-safe, as in C: merge into one from one thread at a time. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "taxonc.h"

static PyObject *TaxonomyError;
static PyObject *json_loads, *json_dumps;

typedef struct {
    PyObject_HEAD
    taxonc_plan *p;
} PlanObject;

typedef struct {
    PyObject_HEAD
    taxonc_summary *s;
    PyObject *plan;             /* the Plan it came from, or NULL (from JSON) */
} SummaryObject;

static PyTypeObject PlanType, SummaryType;

/* ---- Summary ---------------------------------------------------------- */

static PyObject *summary_wrap(taxonc_summary *s, PyObject *plan)
{
    if (!s)
        return PyErr_NoMemory();
    SummaryObject *o = PyObject_New(SummaryObject, &SummaryType);
    if (!o) {
        taxonc_summary_free(s);
        return NULL;
    }
    o->s = s;
    Py_XINCREF(plan);
    o->plan = plan;
    return (PyObject *)o;
}

static void summary_dealloc(SummaryObject *o)
{
    taxonc_summary_free(o->s);
    Py_XDECREF(o->plan);
    PyObject_Free(o);
}

static PyObject *summary_to_json(SummaryObject *o, PyObject *Py_UNUSED(args))
{
    char *json = taxonc_summary_json(o->s);
    if (!json)
        return PyErr_NoMemory();
    PyObject *r = PyUnicode_DecodeUTF8(json, (Py_ssize_t)strlen(json), "replace");
    taxonc_free(json);
    return r;
}

static PyObject *summary_from_text(const char *text, size_t len)
{
    char *err = NULL;
    taxonc_summary *s = taxonc_summary_from_json(text, len, &err);
    if (!s) {
        PyErr_Format(PyExc_ValueError, "%s", err ? err : "cannot read the summary");
        taxonc_free(err);
        return NULL;
    }
    return summary_wrap(s, NULL);
}

static PyObject *summary_from_json(PyObject *Py_UNUSED(cls), PyObject *arg)
{
    Py_buffer view;
    if (PyUnicode_Check(arg)) {
        Py_ssize_t n;
        const char *t = PyUnicode_AsUTF8AndSize(arg, &n);
        return t ? summary_from_text(t, (size_t)n) : NULL;
    }
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) != 0)
        return NULL;
    PyObject *r = summary_from_text(view.buf, (size_t)view.len);
    PyBuffer_Release(&view);
    return r;
}

static int merge_into(SummaryObject *into, PyObject *from)
{
    if (!PyObject_TypeCheck(from, &SummaryType)) {
        PyErr_Format(PyExc_TypeError, "cannot merge '%s' into a Summary", Py_TYPE(from)->tp_name);
        return -1;
    }
    char *err = NULL;
    if (taxonc_summary_merge(into->s, ((SummaryObject *)from)->s, &err) != 0) {
        PyErr_Format(PyExc_ValueError, "cannot merge the summaries: %s", err ? err : "?");
        taxonc_free(err);
        return -1;
    }
    return 0;
}

/* s.merge(other): adds other's inputs after s's; returns s. */
static PyObject *summary_merge(SummaryObject *o, PyObject *other)
{
    if (merge_into(o, other) != 0)
        return NULL;
    Py_INCREF(o);
    return (PyObject *)o;
}

/* A new summary equal to s (s is left as it was): its JSON read back. */
static PyObject *summary_copy(SummaryObject *o, PyObject *Py_UNUSED(args))
{
    char *json = taxonc_summary_json(o->s);
    if (!json)
        return PyErr_NoMemory();
    char *err = NULL;
    taxonc_summary *c = taxonc_summary_from_json(json, strlen(json), &err);
    taxonc_free(json);
    if (!c) {
        PyErr_Format(PyExc_RuntimeError, "cannot copy the summary: %s", err ? err : "?");
        taxonc_free(err);
        return NULL;
    }
    return summary_wrap(c, o->plan);
}

/* Summary.merge_all(iterable): a new summary of all of them, in order. */
static PyObject *summary_merge_all(PyObject *Py_UNUSED(cls), PyObject *arg)
{
    PyObject *it = PyObject_GetIter(arg), *item, *all = NULL;
    if (!it)
        return NULL;
    while ((item = PyIter_Next(it))) {
        int rc = 0;
        if (!all) {
            if (!PyObject_TypeCheck(item, &SummaryType)) {
                PyErr_Format(PyExc_TypeError, "cannot merge '%s' into a Summary",
                             Py_TYPE(item)->tp_name);
                rc = -1;
            } else if (!(all = summary_copy((SummaryObject *)item, NULL))) {
                rc = -1;
            }
        } else {
            rc = merge_into((SummaryObject *)all, item);
        }
        Py_DECREF(item);
        if (rc != 0) {
            Py_XDECREF(all);
            Py_DECREF(it);
            return NULL;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_XDECREF(all);
        return NULL;
    }
    if (!all)
        PyErr_SetString(PyExc_ValueError, "cannot merge no summaries");
    return all;
}

static PyObject *summary_reduce(SummaryObject *o, PyObject *Py_UNUSED(args))
{
    PyObject *json = summary_to_json(o, NULL);
    if (!json)
        return NULL;
    PyObject *ctor = PyObject_GetAttrString((PyObject *)&SummaryType, "from_json");
    PyObject *r = ctor ? Py_BuildValue("(O(O))", ctor, json) : NULL;
    Py_XDECREF(ctor);
    Py_DECREF(json);
    return r;
}

static PyObject *summary_count(SummaryObject *o, void *counter)
{
    taxonc_counter c = (taxonc_counter)(intptr_t)counter;
    uint64_t n = taxonc_summary_count(o->s, c);
    if (c == TAXONC_IO_ERROR)
        return PyBool_FromLong(n != 0);
    return PyLong_FromUnsignedLongLong((unsigned long long)n);
}

static PyObject *summary_repr(SummaryObject *o)
{
    return PyUnicode_FromFormat(
        "<taxonc.Summary records=%llu valid=%llu invalid=%llu ignored=%llu violations=%llu>",
        (unsigned long long)taxonc_summary_count(o->s, TAXONC_RECORDS),
        (unsigned long long)taxonc_summary_count(o->s, TAXONC_VALID),
        (unsigned long long)taxonc_summary_count(o->s, TAXONC_INVALID),
        (unsigned long long)taxonc_summary_count(o->s, TAXONC_IGNORED),
        (unsigned long long)taxonc_summary_count(o->s, TAXONC_VIOLATIONS));
}

#define COUNTER(name, c, doc) \
    { name, (getter)summary_count, NULL, doc, (void *)(intptr_t)(c) }
static PyGetSetDef summary_getset[] = {
    COUNTER("files", TAXONC_FILES, "inputs read"),
    COUNTER("bytes", TAXONC_BYTES, "bytes read (decompressed)"),
    COUNTER("records", TAXONC_RECORDS, "records read"),
    COUNTER("events", TAXONC_EVENTS, "records that are events"),
    COUNTER("valid", TAXONC_VALID, "valid records"),
    COUNTER("invalid", TAXONC_INVALID, "invalid records"),
    COUNTER("ignored", TAXONC_IGNORED, "records that are not events (identify, ...)"),
    COUNTER("violations", TAXONC_VIOLATIONS, "violations of all codes"),
    COUNTER("failing", TAXONC_FAILING, "violations whose code fails the run"),
    COUNTER("io_error", TAXONC_IO_ERROR, "True when an input could not be read completely"),
    { NULL, NULL, NULL, NULL, NULL },
};

static PyMethodDef summary_methods[] = {
    { "to_json", (PyCFunction)summary_to_json, METH_NOARGS,
      "The report, exactly `taxonc validate --format json`'s text." },
    { "merge", (PyCFunction)summary_merge, METH_O,
      "merge(other): add other's inputs after this summary's (in place); returns self." },
    { "merge_all", (PyCFunction)summary_merge_all, METH_O | METH_CLASS,
      "merge_all(summaries): a new summary of all of them, in order." },
    { "from_json", (PyCFunction)summary_from_json, METH_O | METH_CLASS,
      "from_json(text): a summary read back from `validate --format json`'s report." },
    { "copy", (PyCFunction)summary_copy, METH_NOARGS, "A new summary equal to this one." },
    { "__reduce__", (PyCFunction)summary_reduce, METH_NOARGS, "Pickles as the JSON report." },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject SummaryType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "taxonc.Summary",
    .tp_basicsize = sizeof(SummaryObject),
    .tp_dealloc = (destructor)summary_dealloc,
    .tp_repr = (reprfunc)summary_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "What validating some inputs found: counters, to_json(), merge().",
    .tp_methods = summary_methods,
    .tp_getset = summary_getset,
};

/* ---- Plan ------------------------------------------------------------- */

static void plan_dealloc(PlanObject *o)
{
    taxonc_plan_free(o->p);
    PyObject_Free(o);
}

/* 0 when path opens for reading; else -1 with an OSError naming name. */
static int readable(const char *path, PyObject *name)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, name);
        return -1;
    }
    fclose(f);
    return 0;
}

/* taxonc.load(path): OSError when the file cannot be opened, TaxonomyError
 * with `taxonc check`'s text when it is not a usable taxonomy. */
static PyObject *mod_load(PyObject *Py_UNUSED(m), PyObject *arg)
{
    PyObject *bpath;
    if (!PyUnicode_FSConverter(arg, &bpath))
        return NULL;
    const char *path = PyBytes_AS_STRING(bpath);
    if (readable(path, arg) < 0) {
        Py_DECREF(bpath);
        return NULL;
    }
    char *diag = NULL;
    taxonc_plan *p;
    Py_BEGIN_ALLOW_THREADS
    p = taxonc_load(path, &diag);
    Py_END_ALLOW_THREADS
    Py_DECREF(bpath);
    if (!p) {
        PyErr_SetString(TaxonomyError, diag ? diag : "cannot load the taxonomy");
        taxonc_free(diag);
        return NULL;
    }
    PlanObject *o = PyObject_New(PlanObject, &PlanType);
    if (!o) {
        taxonc_plan_free(p);
        return NULL;
    }
    o->p = p;
    return (PyObject *)o;
}

/* Validates the files at paths (a sequence of bytes objects). */
static PyObject *validate_paths(PlanObject *o, PyObject *bpaths, PyObject *names)
{
    Py_ssize_t n = PyList_GET_SIZE(bpaths);
    const char **v = PyMem_Calloc((size_t)n + 1, sizeof *v);
    if (!v)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        v[i] = PyBytes_AS_STRING(PyList_GET_ITEM(bpaths, i));
        if (strcmp(v[i], "-") != 0 && readable(v[i], PyList_GET_ITEM(names, i)) < 0) {
            PyMem_Free(v);
            return NULL;
        }
    }
    char *err = NULL;
    taxonc_summary *s;
    Py_BEGIN_ALLOW_THREADS
    s = taxonc_validate_files(o->p, v, (size_t)n, &err);
    Py_END_ALLOW_THREADS
    PyMem_Free(v);
    if (!s) {
        PyErr_Format(PyExc_ValueError, "%s", err ? err : "cannot validate");
        taxonc_free(err);
        return NULL;
    }
    if (taxonc_summary_count(s, TAXONC_IO_ERROR)) {
        taxonc_summary_free(s);
        PyErr_Format(PyExc_OSError, "cannot read %R completely", names);
        return NULL;
    }
    return summary_wrap(s, (PyObject *)o);
}

static PyObject *validate_files(PlanObject *o, PyObject *paths)
{
    PyObject *names = PySequence_List(paths);
    if (!names)
        return NULL;
    PyObject *bpaths = PyList_New(PyList_GET_SIZE(names));
    PyObject *r = NULL;
    for (Py_ssize_t i = 0; bpaths && i < PyList_GET_SIZE(names); i++) {
        PyObject *b;
        if (!PyUnicode_FSConverter(PyList_GET_ITEM(names, i), &b))
            goto out;
        PyList_SET_ITEM(bpaths, i, b);
    }
    if (bpaths)
        r = validate_paths(o, bpaths, names);
out:
    Py_XDECREF(bpaths);
    Py_DECREF(names);
    return r;
}

static PyObject *validate_data(PlanObject *o, const char *name, const char *data, size_t len)
{
    taxonc_summary *s;
    Py_BEGIN_ALLOW_THREADS
    s = taxonc_validate_buffer(o->p, name, data, len);
    Py_END_ALLOW_THREADS
    return summary_wrap(s, (PyObject *)o);
}

/* Appends item (str or bytes-like) to the growing buffer, with a newline
 * when it has none. */
/* The bytes of a str (its UTF-8) or of a bytes-like object at *d, *n;
 * view holds a buffer to release (view->obj set). -1 with an exception,
 * a TypeError "<what>, not '<type>'" for anything else. */
static int text_of(PyObject *o, const char **d, Py_ssize_t *n, Py_buffer *view, const char *what)
{
    if (PyUnicode_Check(o))
        return (*d = PyUnicode_AsUTF8AndSize(o, n)) ? 0 : -1;
    if (PyObject_GetBuffer(o, view, PyBUF_SIMPLE) == 0) {
        *d = view->buf, *n = view->len;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s, not '%s'", what, Py_TYPE(o)->tp_name);
    return -1;
}

static int add_line(char **buf, size_t *len, size_t *cap, PyObject *item)
{
    Py_buffer view = { 0 };
    const char *d;
    Py_ssize_t n;
    if (text_of(item, &d, &n, &view, "a line must be str or bytes") < 0)
        return -1;
    size_t need = *len + (size_t)n + 1;
    if (need > *cap) {
        size_t nc = *cap ? *cap : 65536;
        while (nc < need)
            nc *= 2;
        char *g = PyMem_Realloc(*buf, nc);
        if (!g) {
            PyBuffer_Release(&view);
            PyErr_NoMemory();
            return -1;
        }
        *buf = g, *cap = nc;
    }
    memcpy(*buf + *len, d, (size_t)n);
    *len += (size_t)n;
    if (n == 0 || d[n - 1] != '\n')
        (*buf)[(*len)++] = '\n';
    if (view.obj)
        PyBuffer_Release(&view);
    return 0;
}

static PyObject *plan_validate(PlanObject *o, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { (char *)"source", (char *)"name", NULL };
    PyObject *src;
    const char *name = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|s:validate", kwlist, &src, &name))
        return NULL;
    if (PyUnicode_Check(src) || PyObject_HasAttrString(src, "__fspath__")) {
        PyObject *one = PyTuple_Pack(1, src);
        PyObject *r = one ? validate_files(o, one) : NULL;
        Py_XDECREF(one);
        return r;
    }
    if (PyObject_CheckBuffer(src)) {
        Py_buffer view;
        if (PyObject_GetBuffer(src, &view, PyBUF_SIMPLE) != 0)
            return NULL;
        PyObject *r = validate_data(o, name ? name : "<bytes>", view.buf, (size_t)view.len);
        PyBuffer_Release(&view);
        return r;
    }
    PyObject *it = PyObject_GetIter(src), *item;
    if (!it)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    while ((item = PyIter_Next(it))) {
        int rc = add_line(&buf, &len, &cap, item);
        Py_DECREF(item);
        if (rc != 0)
            break;
    }
    Py_DECREF(it);
    PyObject *r = PyErr_Occurred() ? NULL : validate_data(o, name ? name : "<lines>", buf ? buf : "", len);
    PyMem_Free(buf);
    return r;
}

/* One record's verdict: 0 valid, 1 invalid, 2 ignored; its violations as a
 * list of dicts in *violations (when not NULL). -1 with an exception. */
static int check_one(PlanObject *o, PyObject *record, PyObject **violations)
{
    PyObject *owned = NULL;
    Py_buffer view = { 0 };
    const char *d;
    Py_ssize_t n;
    if (PyDict_Check(record)) {
        if (!(owned = PyObject_CallOneArg(json_dumps, record)))
            return -1;
        record = owned;
    }
    if (text_of(record, &d, &n, &view, "a record must be str, bytes or dict") < 0) {
        Py_XDECREF(owned);
        return -1;
    }
    while (n > 0 && (d[n - 1] == '\n' || d[n - 1] == '\r'))
        n--;
    char *v = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = taxonc_check(o->p, d, (size_t)n, violations ? &v : NULL);
    Py_END_ALLOW_THREADS
    if (view.obj)
        PyBuffer_Release(&view);
    Py_XDECREF(owned);
    if (rc < 0) {
        taxonc_free(v);
        PyErr_SetString(PyExc_MemoryError, "cannot check the record");
        return -1;
    }
    if (violations) {
        *violations = v ? PyObject_CallFunction(json_loads, "s", v) : PyList_New(0);
        taxonc_free(v);
        if (!*violations)
            return -1;
    }
    return rc;
}

static PyObject *plan_check(PlanObject *o, PyObject *record)
{
    PyObject *v = NULL;
    return check_one(o, record, &v) < 0 ? NULL : v;
}

static int blank(PyObject *item)
{
    if (PyUnicode_Check(item)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(item);
        for (Py_ssize_t i = 0; i < n; i++)
            if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(item, i)))
                return 0;
        return 1;
    }
    if (PyBytes_Check(item)) {
        const char *d = PyBytes_AS_STRING(item);
        for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(item); i++)
            if (!strchr(" \t\r\n", d[i]))
                return 0;
        return 1;
    }
    return 0;
}

/* plan.split(lines) -> (valid, invalid): every record lands in exactly one,
 * as with `validate --valid-out --invalid-out`: valid (and ignored, not an
 * event) records as given; invalid ones as (record, violations). Blank
 * lines are not records and land in neither. */
static PyObject *plan_split(PlanObject *o, PyObject *lines)
{
    PyObject *it = PyObject_GetIter(lines), *item;
    if (!it)
        return NULL;
    PyObject *valid = PyList_New(0), *invalid = PyList_New(0);
    while (valid && invalid && (item = PyIter_Next(it))) {
        int rc = 0;
        if (!blank(item)) {
            PyObject *v = NULL;
            rc = check_one(o, item, &v);
            if (rc == 0 || rc == 2) {
                rc = PyList_Append(valid, item);
            } else if (rc == 1) {
                PyObject *pair = PyTuple_Pack(2, item, v);
                rc = pair ? PyList_Append(invalid, pair) : -1;
                Py_XDECREF(pair);
            }
            Py_XDECREF(v);
        }
        Py_DECREF(item);
        if (rc < 0)
            break;
    }
    Py_DECREF(it);
    if (PyErr_Occurred() || !valid || !invalid) {
        Py_XDECREF(valid);
        Py_XDECREF(invalid);
        return NULL;
    }
    PyObject *r = PyTuple_Pack(2, valid, invalid);
    Py_DECREF(valid);
    Py_DECREF(invalid);
    return r;
}

static PyMethodDef plan_methods[] = {
    { "validate", (PyCFunction)(void (*)(void))plan_validate, METH_VARARGS | METH_KEYWORDS,
      "validate(source, name=None) -> Summary. source: a path (str or os.PathLike; NDJSON, "
      "JSON, gzip, zip, tar), bytes, or an iterable of lines (str or bytes)." },
    { "validate_files", (PyCFunction)validate_files, METH_O,
      "validate_files(paths) -> Summary: one run over the files, in order." },
    { "check", (PyCFunction)plan_check, METH_O,
      "check(record) -> list of violation dicts (empty: valid or not an event). record: "
      "str, bytes or dict." },
    { "split", (PyCFunction)plan_split, METH_O,
      "split(lines) -> (valid, invalid): valid records, and (record, violations) pairs." },
    { NULL, NULL, 0, NULL },
};

static PyTypeObject PlanType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "taxonc.Plan",
    .tp_basicsize = sizeof(PlanObject),
    .tp_dealloc = (destructor)plan_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A loaded taxonomy, compiled for validation (taxonc.load).",
    .tp_methods = plan_methods,
};

/* ---- module ----------------------------------------------------------- */

static PyMethodDef mod_methods[] = {
    { "load", mod_load, METH_O,
      "load(path) -> Plan. OSError when path cannot be read; TaxonomyError (its text is "
      "`taxonc check`'s) when it is not a usable taxonomy." },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef mod_def = {
    PyModuleDef_HEAD_INIT, "taxonc._taxonc", "The C binding of libtaxonc.", -1, mod_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__taxonc(void);
PyMODINIT_FUNC PyInit__taxonc(void)
{
    if (PyType_Ready(&PlanType) < 0 || PyType_Ready(&SummaryType) < 0)
        return NULL;
    PyObject *json = PyImport_ImportModule("json");
    if (!json)
        return NULL;
    json_loads = PyObject_GetAttrString(json, "loads");
    json_dumps = PyObject_GetAttrString(json, "dumps");
    Py_DECREF(json);
    if (!json_loads || !json_dumps)
        return NULL;
    PyObject *m = PyModule_Create(&mod_def);
    if (!m)
        return NULL;
    TaxonomyError = PyErr_NewExceptionWithDoc(
        "taxonc.TaxonomyError", "The taxonomy cannot be used; str() is `taxonc check`'s text.",
        PyExc_ValueError, NULL);
    Py_INCREF(&PlanType);
    Py_INCREF(&SummaryType);
    if (!TaxonomyError || PyModule_AddObject(m, "TaxonomyError", TaxonomyError) < 0 ||
        PyModule_AddObject(m, "Plan", (PyObject *)&PlanType) < 0 ||
        PyModule_AddObject(m, "Summary", (PyObject *)&SummaryType) < 0 ||
        PyModule_AddStringConstant(m, "library_version", taxonc_version()) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(TaxonomyError);
    return m;
}
