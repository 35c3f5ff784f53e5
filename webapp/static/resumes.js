// Resume upload: say at once when the chosen file is over the size limit
// (the server checks again, and checks the content).
(function () {
  "use strict";
  document.addEventListener("change", function (evt) {
    var input = evt.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    var file = input.files && input.files[0];
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    input.setCustomValidity(file && file.size > limit ? input.getAttribute("data-too-large") : "");
    input.reportValidity();
  });
})();
