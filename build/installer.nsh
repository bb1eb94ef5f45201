; Included by the NSIS installer (electron-builder.yml: nsis.include).
;
; Registers the app's private-use URI scheme (RFC 8252 section 7.1) so a provider that refuses
; loopback redirects can send the browser to <app id>:/callback and Windows hands that URL to
; the app. The scheme is the app id itself (identity.json), which electron-builder defines here
; as APP_ID, as it registers it in protocols[0] and as main/deep-link.ts reads it. The installer
; is per-user (perMachine: false), so SHELL_CONTEXT is HKCU: no admin rights.
;
; The command passes "--" before the URL: Chromium stops reading switches there, so a crafted
; link cannot smuggle command-line switches into the app.

!define OIDC_URI_SCHEME "${APP_ID}"

!macro customInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\${OIDC_URI_SCHEME}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${OIDC_URI_SCHEME}" "" "URL:${PRODUCT_NAME} redirect"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${OIDC_URI_SCHEME}" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\${OIDC_URI_SCHEME}\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\${OIDC_URI_SCHEME}\shell\open\command" "" '"$appExe" -- "%1"'
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the registration across updates.
  ${ifNot} ${isUpdated}
    DeleteRegKey SHELL_CONTEXT "Software\Classes\${OIDC_URI_SCHEME}"
  ${endIf}
!macroend
