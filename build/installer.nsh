; Included by the NSIS installer (electron-builder.yml: nsis.include).
;
; Registers the app's private-use URI scheme (RFC 8252 section 7.1) so a provider that refuses
; loopback redirects can send the browser to com.example.oidcdesktop:/callback and Windows
; hands that URL to the app. The installer is per-user (perMachine: false), so SHELL_CONTEXT
; is HKCU: no admin rights. The scheme must equal electron-builder.yml's protocols[0] and
; main/deep-link.ts's DEEP_LINK_SCHEME (test/packaging checks both).
;
; The command passes "--" before the URL: Chromium stops reading switches there, so a crafted
; link cannot smuggle command-line switches into the app.

!define OIDC_URI_SCHEME "com.example.oidcdesktop"

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
