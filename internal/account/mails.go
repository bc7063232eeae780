package account

import (
	"fmt"
	"html"

	"github.com/ideenwerk/ideenwerk/internal/domain"
)

func mailWithLink(subject, greeting, body, linkLabel, link, footer string) domain.Mail {
	text := fmt.Sprintf("%s\n\n%s\n\n%s\n\n%s\n", greeting, body, link, footer)
	htmlBody := fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">`+
		`<p>%s</p><p>%s</p><p><a href="%s">%s</a></p><p style="color:#555">%s</p></body></html>`,
		html.EscapeString(greeting), html.EscapeString(body), html.EscapeString(link),
		html.EscapeString(linkLabel), html.EscapeString(footer))
	return domain.Mail{Subject: subject, Text: text, HTML: htmlBody}
}

func verifyMail(locale, name, link string) domain.Mail {
	if locale == domain.LocaleEN {
		return mailWithLink("Confirm your e-mail address for Ideenwerk", "Hello "+name+",",
			"please confirm your e-mail address to activate your Ideenwerk account. The link is valid for 48 hours.",
			"Confirm e-mail address", link, "If you did not sign up, ignore this message.")
	}
	return mailWithLink("Bitte bestätigen Sie Ihre E-Mail-Adresse für Ideenwerk", "Guten Tag "+name+",",
		"bitte bestätigen Sie Ihre E-Mail-Adresse, um Ihr Ideenwerk-Konto zu aktivieren. Der Link ist 48 Stunden gültig.",
		"E-Mail-Adresse bestätigen", link, "Wenn Sie sich nicht registriert haben, ignorieren Sie diese Nachricht.")
}

func resetMail(locale, name, link string) domain.Mail {
	if locale == domain.LocaleEN {
		return mailWithLink("Reset your Ideenwerk password", "Hello "+name+",",
			"someone asked to reset the password of your Ideenwerk account. The link is valid for one hour.",
			"Choose a new password", link, "If this was not you, ignore this message; your password stays unchanged.")
	}
	return mailWithLink("Ideenwerk-Passwort zurücksetzen", "Guten Tag "+name+",",
		"für Ihr Ideenwerk-Konto wurde ein neues Passwort angefordert. Der Link ist eine Stunde gültig.",
		"Neues Passwort wählen", link, "Wenn Sie das nicht waren, ignorieren Sie diese Nachricht; Ihr Passwort bleibt unverändert.")
}

func alreadyRegisteredMail(locale, baseURL string) domain.Mail {
	if locale == domain.LocaleEN {
		return mailWithLink("Your Ideenwerk account", "Hello,",
			"someone tried to register with your e-mail address, which already has an account. If you forgot your password, reset it here:",
			"Reset password", baseURL+"/forgot-password", "If this was not you, ignore this message.")
	}
	return mailWithLink("Ihr Ideenwerk-Konto", "Guten Tag,",
		"mit Ihrer E-Mail-Adresse wurde eine Registrierung versucht; es gibt bereits ein Konto. Falls Sie Ihr Passwort vergessen haben, setzen Sie es hier zurück:",
		"Passwort zurücksetzen", baseURL+"/forgot-password", "Wenn Sie das nicht waren, ignorieren Sie diese Nachricht.")
}
