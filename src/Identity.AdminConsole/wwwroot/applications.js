// Create application: fills the App ID from the name as it is typed (as the server does for an empty id), until the
// person edits the id themselves. Without this script, an empty id is made from the name on submit.
(function () {
    "use strict";
    var name = document.querySelector("input[data-slug-target]");
    if (!name) {
        return;
    }
    var id = document.getElementById(name.getAttribute("data-slug-target"));
    var edited = id.value.length > 0;
    id.addEventListener("input", function () { edited = id.value.length > 0; });
    name.addEventListener("input", function () {
        if (!edited) {
            id.value = name.value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
                .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
        }
    });
})();
