// careerbot console: small enhancements; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move keyboard and screen-reader focus to the list of problems after
  // a failed save, so it is read out first.
  var problems = document.getElementById("problems");
  if (problems) {
    problems.focus();
  }
});
