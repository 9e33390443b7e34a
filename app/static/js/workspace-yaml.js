// The YAML editor (it works without this script): a problem's "line N" link puts the caret on that
// line of the text and scrolls it into view.
(() => {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.yaml-goto");
    const text = document.getElementById("yaml-text");
    if (!link || !text) return;
    event.preventDefault();
    const line = Number(link.dataset.line) || 1;
    const column = Number(link.dataset.column) || 1;
    const lines = text.value.split("\n");
    let start = 0;
    for (let index = 0; index < line - 1 && index < lines.length; index += 1) start += lines[index].length + 1;
    const end = start + (lines[line - 1] || "").length;
    text.focus();
    text.setSelectionRange(Math.min(start + column - 1, end), end);
    const height = text.scrollHeight / Math.max(lines.length, 1);
    text.scrollTop = Math.max(0, (line - 5) * height);
  });
})();
