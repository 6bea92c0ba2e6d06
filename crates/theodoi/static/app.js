// theodoi: small enhancements only; every page works without this file.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('.print-button').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
  // Ask before irreversible actions.
  document.querySelectorAll('#form-withdraw, #form-decline').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm('Xác nhận thực hiện thao tác này?')) { e.preventDefault(); }
    });
  });
});
