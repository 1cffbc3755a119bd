// A quiz answer group: radio buttons that share one name, so the browser's own keys work as in
// any form (Tab enters the group at the chosen answer, the arrow keys move and choose, Space
// chooses). Rendered by anywidget; runwell.quiz.radio.RadioGroup is the Python side.
//
// JupyterLab and Notebook 7 bind ArrowUp / ArrowDown in command mode to "select the cell below"
// for any focused element that is not a text field, radios included. Lumino skips shortcuts for
// an event whose target carries data-lm-suppress-shortcuts, so each radio carries it, except
// while a key that is not the radio's own is pressed: the command palette's Ctrl+Shift+C and the
// rest still reach JupyterLab. (Lumino reads the attribute when the keydown bubbles to the
// document, after this radio's own listener has run.)
let views = 0;
const SUPPRESS = "data-lm-suppress-shortcuts";
const OWN_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " "]);

function ownKey(event) {
  const modified = event.shiftKey || event.ctrlKey || event.altKey || event.metaKey;
  return OWN_KEYS.has(event.key) && !modified;
}

function render({ model, el }) {
  views += 1;
  const uid = `runwell-radio-${Math.random().toString(36).slice(2, 8)}-${views}`;
  const group = document.createElement("div");
  group.className = "runwell-radio-group";
  group.setAttribute("role", "radiogroup");
  const caption = document.createElement("span");
  caption.className = "runwell-radio-caption";
  caption.id = `${uid}-caption`;
  group.setAttribute("aria-labelledby", caption.id);
  const list = document.createElement("div");
  list.className = "runwell-radio-options";
  group.append(caption, list);
  el.append(group);

  function sync() {
    const value = model.get("value");
    for (const input of list.querySelectorAll("input")) {
      input.checked = value !== null && input.value === String(value);
    }
  }

  function build() {
    caption.textContent = model.get("description");
    list.replaceChildren();
    for (const [text, value] of model.get("options")) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = uid;
      input.value = String(value);
      input.setAttribute(SUPPRESS, "true");
      input.addEventListener("keydown", (event) => {
        if (!ownKey(event)) {
          input.removeAttribute(SUPPRESS);
          setTimeout(() => input.setAttribute(SUPPRESS, "true"), 0);
        }
      });
      input.addEventListener("change", () => {
        if (input.checked) {
          model.set("value", value);
          model.save_changes();
        }
      });
      const span = document.createElement("span");
      span.textContent = text;
      label.append(input, span);
      list.append(label);
    }
    sync();
  }

  build();
  model.on("change:options", build);
  model.on("change:description", build);
  model.on("change:value", sync);
  return () => {
    model.off("change:options", build);
    model.off("change:description", build);
    model.off("change:value", sync);
  };
}

export default { render };
