// The Python module's native part, lmz._lmz: the public interface
// (include/lmz/lmz.h) as Python objects. The Python package (python/lmz)
// puts the friendly functions on top. Every call into lmz releases the GIL,
// so threads of one program work in parallel.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "lmz/lmz.h"

namespace py = pybind11;

namespace {

// lmz.Error, made when the module loads and kept for the process's life.
py::handle error_type;

// lmz's errors become lmz.Error (a ValueError) with the stable code name as `code`.
[[noreturn]] void raise(const lmz::Status& status) {
  py::object e = error_type(status.message());
  e.attr("code") = lmz::error_code_name(status.code());
  PyErr_SetObject(error_type.ptr(), e.ptr());
  throw py::error_already_set();
}

// Text that may not be UTF-8 (a source file, a passage), with U+FFFD for what is not.
py::str decoded(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

template <class T>
T take(lmz::Result<T> r) {
  if (!r.ok()) raise(r.status());
  return std::move(r.value());
}

// Runs lmz's work without the GIL, so that other Python threads run
// meanwhile; its value, or lmz.Error.
template <class Work>
auto unlocked(Work&& work) {
  auto result = [&] {
    py::gil_scoped_release release;
    return work();
  }();
  return take(std::move(result));
}

// A long call's Cancel: with a time limit in seconds, or none (None).
lmz::Cancel cancel_of(const std::optional<double>& timeout) {
  if (timeout && *timeout < 0) throw py::value_error("timeout must be 0 or more seconds");
  return timeout ? lmz::Cancel::after(*timeout) : lmz::Cancel();
}

// Runs lmz's work on a thread of its own, without the GIL, while this thread
// lets Python handle its signals every 50 ms: Ctrl-C (KeyboardInterrupt, or
// whatever a signal handler raises) cancels the work and is raised here, as
// in Python code. A call past its time limit raises lmz.Error 'cancelled'.
template <class Work>
auto interruptible(const lmz::Cancel& cancel, Work&& work) {
  using R = decltype(work());
  std::optional<R> result;
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::thread worker([&] {
      R r = work();
      std::lock_guard<std::mutex> lock(mutex);
      result.emplace(std::move(r));
      done = true;
      finished.notify_one();
    });
    std::unique_lock<std::mutex> lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      lock.unlock();
      {
        py::gil_scoped_acquire acquire;
        interrupted = PyErr_CheckSignals() != 0;  // the exception stays set
      }
      if (interrupted) cancel.request();
      lock.lock();
      if (interrupted) break;
    }
    lock.unlock();
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  return take(std::move(*result));
}

// The three reports of a result, as the command prints them.
template <class Report>
void add_reports(py::class_<Report>& c) {
  c.def("json", [](const Report& r) { return decoded(r.json()); })
      .def("html", [](const Report& r) { return decoded(r.html()); })
      .def(
          "terminal", [](const Report& r, bool color) { return decoded(r.terminal(color)); }, py::arg("color") = false);
}

std::string_view view_of(const py::buffer& data, py::buffer_info& info) {
  info = data.request();
  if (info.ndim > 1) throw py::value_error("expected bytes or a one-dimensional buffer");
  return {static_cast<const char*>(info.ptr), static_cast<size_t>(info.size * info.itemsize)};
}

py::bytes to_bytes(const std::vector<uint8_t>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

// Text given as str is coded as UTF-8; bytes are taken as they are.
std::string text_of(const py::object& text) {
  if (py::isinstance<py::str>(text)) return text.cast<std::string>();
  if (py::isinstance<py::bytes>(text)) return std::string(text.cast<py::bytes>());
  throw py::type_error("expected str or bytes");
}

// The bits of every token as a NumPy array where NumPy is installed, else a list.
py::object bits_of(const lmz::Scores& s) {
  try {
    py::module_::import("numpy");
  } catch (const py::error_already_set&) {
    py::list out;
    for (const lmz::TokenRecord& t : s.tokens) out.append(t.bits);
    return py::object(std::move(out));
  }
  py::array_t<double> out(static_cast<py::ssize_t>(s.tokens.size()));
  double* p = out.mutable_data();
  for (const lmz::TokenRecord& t : s.tokens) *p++ = t.bits;
  return py::object(std::move(out));
}

py::dict summary_dict(const lmz::ArchiveSummary& s) {
  py::dict d;
  d["archives"] = s.archives;
  d["content_bytes"] = s.content_bytes;
  d["archive_bytes"] = s.archive_bytes;
  d["chunks"] = s.chunks;
  d["format_version"] = s.format_version;
  d["compact"] = s.compact;
  d["lossy"] = s.lossy;
  d["quality"] = s.quality;
  d["model"] = s.model;
  d["level"] = s.level;
  if (s.model == "llm") {
    d["model_sha256"] = s.model_sha256;
    d["model_file"] = s.model_file.empty() ? py::object(py::none()) : py::object(py::str(s.model_file));
    d["context"] = s.context;
    d["mixed"] = s.mixed;
  }
  return d;
}

}  // namespace

PYBIND11_MODULE(_lmz, m) {
  m.doc() = "lmz's native interface; use the lmz package";
  py::object value_error = py::module_::import("builtins").attr("ValueError");
  py::dict body;
  body["__module__"] = "lmz";
  body["__doc__"] =
      "An error lmz reports: its stable name is `code` (e.g. 'checksum_mismatch'), the message says what is wrong.";
  py::object error = py::module_::import("builtins").attr("type")("Error", py::make_tuple(value_error), body);
  error_type = error.inc_ref();
  m.attr("Error") = error;
  m.attr("__version__") = lmz::kVersionString;

  py::class_<lmz::Model>(m, "Model")
      .def(py::init([](const std::string& path, uint32_t ctx, int level, int threads) {
             lmz::ModelOptions options;
             options.ctx = ctx;
             options.level = level;
             options.threads = threads;
             return unlocked([&] { return lmz::Model::open(path, options); });
           }),
           py::arg("path") = "cm", py::kw_only(), py::arg("ctx") = 0, py::arg("level") = 0, py::arg("threads") = 0)
      .def_property_readonly("name", &lmz::Model::name)
      .def_property_readonly("description", &lmz::Model::description)
      .def_property_readonly("is_builtin", &lmz::Model::is_builtin)
      .def_property_readonly("context", &lmz::Model::context)
      .def_property_readonly("level", &lmz::Model::level)
      .def_property_readonly("threads", &lmz::Model::threads)
      .def("__repr__", [](const lmz::Model& model) { return "lmz.Model('" + model.name() + "')"; })
      .def(
          "compress",
          [](const lmz::Model& model, const py::buffer& data, int quality, bool mix, bool compact, uint32_t chunk_size,
             std::optional<double> timeout) {
            py::buffer_info info;
            const std::string_view bytes = view_of(data, info);
            lmz::CompressParams p;
            p.quality = quality;
            p.mix = mix;
            p.compact = compact;
            p.chunk_size = chunk_size;
            p.cancel = cancel_of(timeout);
            return to_bytes(interruptible(p.cancel, [&] { return lmz::compress(model, bytes, p); }));
          },
          py::arg("data"), py::kw_only(), py::arg("quality") = 100, py::arg("mix") = true, py::arg("compact") = true,
          py::arg("chunk_size") = 0, py::arg("timeout") = py::none())
      .def(
          "decompress",
          [](const lmz::Model& model, const py::buffer& archive, std::optional<double> timeout) {
            py::buffer_info info;
            const std::string_view bytes = view_of(archive, info);
            lmz::DecompressParams p;
            p.model = &model;
            p.threads = model.threads();
            p.cancel = cancel_of(timeout);
            return to_bytes(interruptible(p.cancel, [&] { return lmz::decompress(bytes.data(), bytes.size(), p); }));
          },
          py::arg("archive"), py::kw_only(), py::arg("timeout") = py::none())
      .def(
          "score",
          [](const lmz::Model& model, const py::object& text, bool mix, int top, uint32_t chunk_size,
             std::optional<double> timeout) {
            const std::string t = text_of(text);
            lmz::ScoreParams p;
            p.mix = mix;
            p.top = top;
            p.chunk_size = chunk_size;
            p.cancel = cancel_of(timeout);
            return interruptible(p.cancel, [&] { return lmz::score(model, t, p); });
          },
          py::arg("text"), py::kw_only(), py::arg("mix") = true, py::arg("top") = 5, py::arg("chunk_size") = 0,
          py::arg("timeout") = py::none())
      .def(
          "check",
          [](const lmz::Model& model, const py::object& answer,
             const std::vector<std::pair<std::string, std::string>>& sources, const std::string& question,
             const std::string& store, std::optional<double> timeout) {
            const std::string a = text_of(answer);
            lmz::CheckParams p;
            p.question = question;
            p.store = store;
            for (const auto& [name, text] : sources) p.sources.push_back({name, text});
            p.cancel = cancel_of(timeout);
            return interruptible(p.cancel, [&] { return lmz::check(model, a, p); });
          },
          py::arg("answer"), py::kw_only(), py::arg("sources"), py::arg("question") = "", py::arg("store") = "",
          py::arg("timeout") = py::none())
      .def(
          "artifacts",
          [](const lmz::Model& model, const py::object& text, int quality, uint32_t chunk_size,
             std::optional<double> timeout) {
            const std::string t = text_of(text);
            const lmz::ArtifactsParams p{.quality = quality, .chunk_size = chunk_size, .cancel = cancel_of(timeout)};
            return interruptible(p.cancel, [&] { return lmz::artifacts(model, t, p); });
          },
          py::arg("text"), py::kw_only(), py::arg("quality"), py::arg("chunk_size") = 0,
          py::arg("timeout") = py::none());

  m.def(
      "info",
      [](const py::buffer& archive) {
        py::buffer_info info;
        const std::string_view bytes = view_of(archive, info);
        return summary_dict(unlocked([&] { return lmz::info(bytes.data(), bytes.size()); }));
      },
      py::arg("archive"));

  py::class_<lmz::Alternative>(m, "Alternative")
      .def_property_readonly("text", [](const lmz::Alternative& a) { return py::bytes(a.text); })
      .def_readonly("probability", &lmz::Alternative::probability)
      .def_readonly("p", &lmz::Alternative::probability)  // the name map's JSON gives it
      .def("__repr__", [](const lmz::Alternative& a) {
        std::ostringstream s;
        s << "Alternative(" << py::repr(py::bytes(a.text)).cast<std::string>() << ", " << a.probability << ")";
        return s.str();
      });

  py::class_<lmz::TokenRecord>(m, "Token")
      .def_readonly("begin", &lmz::TokenRecord::begin)
      .def_readonly("end", &lmz::TokenRecord::end)
      .def_property_readonly("text", [](const lmz::TokenRecord& t) { return decoded(t.text); })
      .def_property_readonly("raw", [](const lmz::TokenRecord& t) { return py::bytes(t.text); })
      .def_readonly("bits", &lmz::TokenRecord::bits)
      .def_readonly("model_bits", &lmz::TokenRecord::model_bits)
      .def_readonly("has_distribution", &lmz::TokenRecord::has_distribution)
      .def_readonly("entropy_bits", &lmz::TokenRecord::entropy_bits)
      .def_readonly("entropy", &lmz::TokenRecord::entropy_bits)  // the name map's JSON gives it
      .def_readonly("rank", &lmz::TokenRecord::rank)
      .def_readonly("top", &lmz::TokenRecord::top)
      .def("__repr__", [](const lmz::TokenRecord& t) {
        std::ostringstream s;
        s << "Token(" << py::repr(decoded(t.text)).cast<std::string>() << ", begin=" << t.begin << ", end=" << t.end
          << ", bits=" << t.bits << ")";
        return s.str();
      });

  py::class_<lmz::ClassRecord>(m, "ClassTotal")
      .def_readonly("name", &lmz::ClassRecord::name)
      .def_readonly("bytes", &lmz::ClassRecord::bytes)
      .def_readonly("spans", &lmz::ClassRecord::spans)
      .def_readonly("bits", &lmz::ClassRecord::bits);

  py::class_<lmz::Scores> scores(m, "Scores");
  scores.def_readonly("model", &lmz::Scores::model)
      .def_readonly("unit", &lmz::Scores::unit)
      .def_readonly("bytes", &lmz::Scores::bytes)
      .def_readonly("total_bits", &lmz::Scores::total_bits)
      .def_readonly("classes", &lmz::Scores::classes)
      .def_property_readonly("bits_per_byte", &lmz::Scores::bits_per_byte)
      .def_property_readonly("bits", &bits_of)
      .def("__len__", [](const lmz::Scores& s) { return s.tokens.size(); })
      .def(
          "__getitem__",
          [](const lmz::Scores& s, py::ssize_t i) -> const lmz::TokenRecord& {
            const auto n = static_cast<py::ssize_t>(s.tokens.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw py::index_error("token index out of range");
            return s.tokens[static_cast<size_t>(i)];
          },
          py::return_value_policy::reference_internal)
      .def(
          "__iter__", [](const lmz::Scores& s) { return py::make_iterator(s.tokens.begin(), s.tokens.end()); },
          py::keep_alive<0, 1>());
  add_reports(scores);

  py::class_<lmz::CheckSpan>(m, "CheckSpan")
      .def_readonly("begin", &lmz::CheckSpan::begin)
      .def_readonly("end", &lmz::CheckSpan::end)
      .def_property_readonly("text", [](const lmz::CheckSpan& s) { return decoded(s.text); })
      .def_readonly("verdict", &lmz::CheckSpan::verdict)
      .def_readonly("fact", &lmz::CheckSpan::fact)
      .def_property_readonly("value", [](const lmz::CheckSpan& s) { return decoded(s.value); })
      .def_property_readonly("source_value", [](const lmz::CheckSpan& s) { return decoded(s.source_value); })
      .def_property_readonly("relation", [](const lmz::CheckSpan& s) { return decoded(s.relation); })
      .def_readonly("relation_begin", &lmz::CheckSpan::relation_begin)
      .def_readonly("relation_end", &lmz::CheckSpan::relation_end)
      .def_readonly("bits_without", &lmz::CheckSpan::bits_without)
      .def_readonly("bits_with", &lmz::CheckSpan::bits_with)
      .def_readonly("passage", &lmz::CheckSpan::passage)
      .def("__repr__", [](const lmz::CheckSpan& s) {
        return "CheckSpan(" + s.verdict + ", " + py::repr(decoded(s.text)).cast<std::string>() + ")";
      });

  py::class_<lmz::Passage>(m, "Passage")
      .def_readonly("source", &lmz::Passage::source)
      .def_readonly("begin", &lmz::Passage::begin)
      .def_readonly("end", &lmz::Passage::end)
      .def_property_readonly("text", [](const lmz::Passage& p) { return decoded(p.text); });

  py::class_<lmz::CheckReport> report(m, "CheckReport");
  report.def_readonly("model", &lmz::CheckReport::model)
      .def_readonly("spans", &lmz::CheckReport::spans)
      .def_readonly("claims", &lmz::CheckReport::claims)
      .def_readonly("passages", &lmz::CheckReport::passages)
      .def_readonly("supported", &lmz::CheckReport::supported)
      .def_readonly("unsupported", &lmz::CheckReport::unsupported)
      .def_readonly("contradicted", &lmz::CheckReport::contradicted)
      .def_readonly("novel", &lmz::CheckReport::novel)
      .def_readonly("unresolved", &lmz::CheckReport::unresolved)
      .def_readonly("word_pairs", &lmz::CheckReport::word_pairs)
      .def_readonly("word_pairs_together", &lmz::CheckReport::word_pairs_together)
      .def_readonly("bits_without", &lmz::CheckReport::bits_without)
      .def_readonly("bits_with", &lmz::CheckReport::bits_with)
      .def_property_readonly("flagged", &lmz::CheckReport::flagged);
  add_reports(report);

  py::class_<lmz::AlteredToken>(m, "AlteredToken")
      .def_readonly("begin", &lmz::AlteredToken::begin)
      .def_readonly("end", &lmz::AlteredToken::end)
      .def_property_readonly("original", [](const lmz::AlteredToken& a) { return py::bytes(a.original); })
      .def_property_readonly("reconstruction", [](const lmz::AlteredToken& a) { return py::bytes(a.reconstruction); })
      .def_readonly("kind", &lmz::AlteredToken::kind);

  py::class_<lmz::Artifacts> artifacts(m, "Artifacts");
  artifacts.def_readonly("model", &lmz::Artifacts::model)
      .def_readonly("quality", &lmz::Artifacts::quality)
      .def_readonly("bytes", &lmz::Artifacts::bytes)
      .def_readonly("payload_bytes", &lmz::Artifacts::payload_bytes)
      .def_readonly("tokens", &lmz::Artifacts::tokens)
      .def_property_readonly("reconstruction", [](const lmz::Artifacts& a) { return py::bytes(a.reconstruction); })
      .def_readonly("altered", &lmz::Artifacts::altered)
      .def_property_readonly("bits_per_byte", &lmz::Artifacts::bits_per_byte);
  add_reports(artifacts);
}
