// Tailor's own script (the pages work without it). When htmx swaps the configurator while the
// customer is typing in one of its fields, the new block would drop what they typed: keep it,
// keep the focus and the caret, and send it once they leave the field.
(() => {
  let typing = null;

  document.addEventListener("htmx:beforeSwap", (event) => {
    const field = document.activeElement;
    typing = null;
    if (!field || !field.id || !field.form || !event.detail.target.contains(field)) return;
    if (field.type === "radio" || field.type === "checkbox" || field.value === field.defaultValue) return;
    typing = { id: field.id, value: field.value };
  });

  document.addEventListener("htmx:afterSwap", () => {
    if (!typing) return;
    const field = document.getElementById(typing.id);
    const kept = typing;
    typing = null;
    if (!field) return;
    field.value = kept.value;
    field.focus();
    let changed = false;
    field.addEventListener("change", () => { changed = true; }, { once: true });
    field.addEventListener("blur", () => {
      if (!changed && field.value !== field.defaultValue) {
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }, { once: true });
  });
})();
