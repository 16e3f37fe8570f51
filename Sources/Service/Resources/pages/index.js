// The start page: sends the caller to the page of their role (or to the login page).
"use strict";

StdCheck.boot({}).then((identity) => {
  location.replace(StdCheck.homeFor(identity.user));
});
