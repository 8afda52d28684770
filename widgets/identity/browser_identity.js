// browser identity: the browser side of browser_identity.py (anywidget loads this file).
// The key must be STORAGE_KEY in browser_identity.py (a test checks it).
const KEY = "micromoments.resume-code";
function read() {
  try { return window.localStorage.getItem(KEY) || ""; } catch (e) { return ""; }
}
function write(code) {
  try {
    if (code) { window.localStorage.setItem(KEY, code); }
    else { window.localStorage.removeItem(KEY); }
  } catch (e) { /* storage blocked: the resume code still works */ }
}
export default {
  render({ model, el }) {
    el.style.display = "none";
    if (!model.get("reported")) {
      model.set("stored_code", read());
      model.set("page_query", String(window.location.search || "").slice(0, 2000));
      model.set("reported", true);
      model.save_changes();
    }
    const store = () => {
      const code = model.get("code_to_store");
      if (code !== null) { write(code); }
    };
    model.on("change:code_to_store", store);
    store();
  },
};
