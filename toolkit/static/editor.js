// The questionnaire editor without a round trip: "Add a statement" adds an empty row at
// once, and ticking "Remove" folds the row away until it is saved. Without this script
// the same buttons and boxes work through the server.
(function () {
  "use strict";
  var editor = document.querySelector("[data-editor]");
  if (!editor) {
    return;
  }

  function addStatement(page) {
    var list = page.querySelector("[data-statements]");
    var template = page.querySelector("template[data-new-statement]");
    var row = Number(list.getAttribute("data-next-row"));
    var number = list.querySelectorAll("[data-statement]").length + 1;
    var html = template.innerHTML.split("__ROW__").join(String(row)).split("__NUMBER__").join(String(number));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var added = holder.firstElementChild;
    // A new statement starts in the area of the one before it, as on the server.
    var areas = list.querySelectorAll("select");
    var select = added.querySelector("select");
    if (areas.length && select) {
      select.value = areas[areas.length - 1].value;
    }
    list.appendChild(added);
    list.setAttribute("data-next-row", String(row + 1));
    added.querySelector("textarea").focus();
  }

  editor.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add]");
    if (button) {
      event.preventDefault();
      addStatement(button.closest("[data-page]"));
    }
  });

  editor.addEventListener("change", function (event) {
    if (event.target.matches("[data-remove]")) {
      var fields = event.target.closest("[data-statement]").querySelector("[data-statement-fields]");
      fields.hidden = event.target.checked;
    }
  });
})();
