from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chaveruth.accounts.access import acting_for, liaisons_to_share_with
from chaveruth.accounts.models import display_name
from chaveruth.directory.forms import offer_people
from chaveruth.directory.models import Organisation, Person, Venue
from chaveruth.lib.forms import (
    PLANNED_DAY,
    KernForm,
    ListFilter,
    ServiceForm,
    SharedRecordForm,
    carry_new_version,
)
from chaveruth.partnerships.models import Project
from chaveruth.visits.models import Appointment, Delegate, Visit, Wish
from chaveruth.visits.services import CANCELLED_MEANWHILE

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitFilter(ListFilter):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Visit.Status.choices
    )
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("All"))] + Visit.Direction.choices
    )


# What a cancelled visit may become: planned again, or confirmed (not postponed or taken place
# without a word about it).
_TAKEN_UP_AGAIN = (Visit.Status.PLANNED, Visit.Status.CONFIRMED, Visit.Status.CANCELLED)


class VisitForm(SharedRecordForm):
    # The status the form was drawn with: a visit cancelled since is not taken up again by it.
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)
    changed_together = (("start_date", "end_date"), ("day_starts", "day_ends"))

    class Meta(ServiceForm.Meta):
        model = Visit
        fields = [
            "programme",
            "title_de",
            "title_en",
            "title_he",
            "direction",
            "host_municipality",
            "origin_country",
            "origin",
            "start_date",
            "end_date",
            "expected_size",
            "status",
            "time_zone",
            "observes_shabbat",
            "candle_lighting_minutes",
            "hotel",
            "travel_mode",
            "day_starts",
            "day_ends",
            "longest_day_hours",
            "purpose_de",
            "purpose_en",
            "purpose_he",
            "projects",
            "supporting_organisations",
        ]
        widgets = {
            "start_date": PLANNED_DAY,
            "end_date": PLANNED_DAY,
            "day_starts": _TIME,
            "day_ends": _TIME,
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hotel"].queryset = Venue.objects.visible_to(user)
        host = self.fields["host_municipality"]
        host.queryset = acting_for(host.queryset, user)  # a coordinator's own municipalities
        self.fields["projects"].queryset = Project.objects.visible_to(user)
        # A form sent back is checked against the choices it showed: whether the visit was
        # cancelled since is for ``update_visit`` to say, in words (not "not a valid choice").
        drawn = self.instance.status
        if self.is_bound:
            drawn = self.data.get(self.add_prefix("seen_status")) or drawn
        self._offer_statuses(drawn)
        self.fields["seen_status"].initial = self.instance.status

    def _offer_statuses(self, drawn: str) -> None:
        """Cancelling asks why (``CancelVisitForm``); a cancelled visit may be taken up again."""
        status = self.fields["status"]
        if drawn == Visit.Status.CANCELLED:
            status.choices = [c for c in Visit.Status.choices if c[0] in _TAKEN_UP_AGAIN]
        else:
            status.choices = [c for c in Visit.Status.choices if c[0] != Visit.Status.CANCELLED]

    def clean(self) -> dict:
        # Cancelled since the form was drawn: taking the visit up again is a decision of its
        # own, never a field merged or kept by saving twice (the reason would be lost).
        drawn = self.data.get(self.add_prefix("seen_status"))
        cancelled = Visit.Status.CANCELLED
        if self.instance.pk and drawn and drawn != cancelled and self.instance.status == cancelled:
            raise ValidationError(CANCELLED_MEANWHILE)
        return super().clean()

    def drawn_again(self, stored: dict) -> None:
        """Shown again with a status changed meanwhile (a cancelled visit taken up again, or
        postponed), the form offers what a form drawn now would, and counts that status as
        seen: saved again, it keeps the status it shows, or the one its user chose. (A
        visit cancelled meanwhile is refused before: ``clean``.)"""
        self.data[self.add_prefix("seen_status")] = stored["status"]
        self._offer_statuses(stored["status"])


class CancelVisitForm(KernForm, forms.Form):
    reason = forms.CharField(
        label=_("Why is the visit cancelled?"),
        max_length=Visit.LONGEST_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For the records and the report: the city's coordinators and the programme office "
            "read it, the delegation and the hosts do not."
        ),
    )


class RescheduleForm(KernForm, forms.Form):
    start_date = forms.DateField(label=_("New arrival"), widget=PLANNED_DAY)
    end_date = forms.DateField(label=_("New departure"), widget=PLANNED_DAY)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The departure cannot be before the arrival."))
        return data


class AppointmentForm(SharedRecordForm):
    """Times are entered in the visit's local time; the view activates that time zone."""

    changed_together = (("start", "end"),)

    class Meta(ServiceForm.Meta):
        model = Appointment
        fields = [
            "kind",
            "title_de",
            "title_en",
            "title_he",
            "start",
            "end",
            "venue",
            "hosting_organisations",
            "hosts",
            "participants",
            "attendees_note_de",
            "attendees_note_en",
            "attendees_note_he",
            "confidentiality",
            "description_de",
            "description_en",
            "description_he",
        ]
        widgets = {"start": _DATETIME, "end": _DATETIME}

    def __init__(self, *args, user, visit: Visit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offered = Person.objects.visible_to(user)
        offer_people(offered, self.fields["hosts"], self.fields["participants"], user=user)
        if self.instance.pk is not None:
            for name in ("hosts", "participants"):
                self._count_kept_unlisted(name, offered)
        self.fields["venue"].queryset = Venue.objects.visible_to(user)
        if self.instance.pk is None and not self.is_bound:
            # Most of a programme is the whole delegation's, and a delegate reads only what
            # they take part in: the coordinator takes out those who go elsewhere. Erased
            # records are no one to invite (as in DelegateForm).
            delegation = Person.objects.filter(delegations__visit=visit, erased_at=None)
            delegation = delegation.order_by("pk")
            self.initial.setdefault("participants", delegation)
        # The browser's date picker keeps to the visit's days; the service still refuses
        # whatever else arrives (services._check_within_visits).
        within = {"min": f"{visit.start_date}T00:00", "max": f"{visit.end_date}T23:59"}
        for name in ("start", "end"):
            self.fields[name].widget.attrs.update(within)

    def _count_kept_unlisted(self, name: str, offered) -> None:
        """Say how many of a joint appointment's people the list does not offer (another
        city's guests): they stay when the form is saved (SharedRecordForm), and a
        coordinator who took out everyone listed should not think the appointment has none."""
        kept = getattr(self.instance, name).exclude(pk__in=offered.values("pk")).count()
        if kept:
            note = ngettext(
                "%(count)d more, chosen by another city, is not listed here and stays.",
                "%(count)d more, chosen by another city, are not listed here and stay.",
                kept,
            ) % {"count": kept}
            field = self.fields[name]
            field.help_text = f"{field.help_text} {note}".strip()


class DelegateForm(ServiceForm):
    """A member added to a visit's delegation: someone from the directory the user may see
    (erased records are no one to invite), by name."""

    class Meta(ServiceForm.Meta):
        model = Delegate
        fields = ["person", "role", "organisation"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.visible_to(user).filter(erased_at=None)
        # Two people of one name must not look alike: the one chosen reads the visit's facts.
        offer_people(
            people.order_by("family_name", "given_name", "pk"), self.fields["person"], user=user
        )
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user)


class LiaisonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return display_name(obj)


class ShareForm(KernForm, forms.Form):
    """A security liaison to show an appointment to, whole."""

    liaison = LiaisonChoice(
        label=_("Security liaison"),
        queryset=User.objects.none(),
        help_text=_("They see this appointment with its place and people, and nothing else."),
    )

    def __init__(self, *args, user, appointment: Appointment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        liaisons = liaisons_to_share_with(User.objects.all(), user, appointment)
        field = self.fields["liaison"]
        field.queryset = liaisons.order_by("last_name", "first_name", "username")
        # Those it is shared with already are listed above the form, not offered again; one
        # sent from a page drawn before (another tab) is refused by the service, in words.
        self.offered = field.queryset.exclude(shares__appointment=appointment)
        field.widget.choices = [
            ("", field.empty_label),
            *((liaison.pk, field.label_from_instance(liaison)) for liaison in self.offered),
        ]


class WishForm(SharedRecordForm):
    """An appointment wished for: the optimiser finds it a day and a time."""

    changed_together = (("not_before", "not_after"),)

    class Meta(ServiceForm.Meta):
        model = Wish
        fields = [
            "title_de",
            "title_en",
            "title_he",
            "kind",
            "venue",
            "minutes",
            "value",
            "day",
            "not_before",
            "not_after",
            "participants",
            "confidentiality",
        ]
        widgets = {"day": _DATE, "not_before": _TIME, "not_after": _TIME}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.visible_to(user)
        offer_people(Person.objects.visible_to(user), self.fields["participants"], user=user)


class ProposalForm(KernForm, forms.Form):
    seconds = forms.IntegerField(
        label=_("Search time in seconds"),
        initial=10,
        min_value=1,
        max_value=120,
        help_text=_("Longer searches may find a better programme."),
    )


class NeedsForm(KernForm, forms.Form):
    """A delegate's needs for one stay, and the consent that allows recording them. It
    carries the needs' version as drawn (``services.needs_version``), for the service to
    refuse replacing needs changed or deleted since."""

    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    diet = forms.CharField(
        label=_("Diet"),
        required=False,
        max_length=300,
        help_text=_("E.g. kosher, vegetarian, allergies."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        required=False,
        max_length=300,
        help_text=_("E.g. step-free access, a seat close to the speaker, sign language."),
    )
    consent_text = forms.CharField(
        label=_("Purpose the delegate agreed to"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the needs, as evidence of the consent."),
    )
    consent = forms.BooleanField(
        label=_("The delegate has agreed to this purpose."),
        required=False,
        help_text=_("They can withdraw it at any time; the needs are then deleted."),
    )

    def clean_consent(self) -> bool:
        if not self.cleaned_data["consent"]:
            raise forms.ValidationError(_("Needs are recorded only with the delegate's consent."))
        return True

    def add_service_error(self, error: ValidationError) -> None:
        """Told of a change since the form was drawn, the form carries the version now: sent
        again, it replaces that change. After a withdrawal it asks for the consent anew."""
        carry_new_version(self, error, "seen_version")
        if getattr(error, "params", None) and error.params.get("withdrawn"):
            self.data = self.data.copy()
            self.data.pop(self.add_prefix("consent"), None)
        super().add_service_error(error)


def consent_purpose(days: int) -> str:
    """The purpose a delegate is asked to agree to, in the current language."""
    return _(
        "My diet and accessibility needs are used only to plan this stay (meals, venues, "
        "transport). Only the host city's coordinators see them. They are deleted %(days)d "
        "days after the visit, or as soon as I withdraw my consent."
    ) % {"days": days}
