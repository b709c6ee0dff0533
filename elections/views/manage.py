"""Administration without the admin site (issue 11, item 4): the district administrator's streets, communities
and users; a street supervisor's clerks; a committee clerk's counting users. The services decide who may do what
(elections/services/users.py, organisations.py) and write the audit log; these views show and parse."""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..forms import CommunityForm, DisableForm, PersonForm, RoleForm, StreetForm, UserCreateForm, UserEditForm
from ..models import Account, Election, Role, Street
from ..privacy import mask_phone
from ..services import organisations as org_services
from ..services import users as user_services
from ._helpers import election_context, form_errors_to_messages, paginate, run_service


def _district_admin_district(user):
    """The district the administrator runs (the first, for the rare administrator of several)."""
    if not access.is_district_admin(user):
        raise PermissionDenied
    district = access.visible_districts(user).order_by("code").first()
    if district is None:
        raise Http404
    return district


def _street(user, code):
    if not access.is_district_admin(user):
        raise PermissionDenied
    street = Street.objects.filter(code=code, district__in=access.visible_districts(user)).select_related(
        "district").first()
    if street is None:
        raise Http404
    return street


# --- organisations ----------------------------------------------------------------------------------------------

@login_required
def organisations(request):
    district = _district_admin_district(request.user)
    streets = district.streets.annotate(community_count=Count("communities")).order_by("code")
    return render(request, "elections/manage/organisations.html", {"district": district, "streets": streets})


@login_required
def street_create_view(request):
    district = _district_admin_district(request.user)
    form = StreetForm(request.POST or None, initial={"code": district.code[:6]})
    if request.method == "POST" and form.is_valid():
        street = run_service(request, org_services.street_create, actor=request.user, district=district,
                             form=form, success=_("Street office created."), **form.cleaned_data)
        if street:
            return redirect("manage_street", street.code)
    return render(request, "elections/manage/form.html", {
        "form": form, "title": _("New street office"), "back_url": "manage_organisations"})


@login_required
def street_detail(request, code):
    street = _street(request.user, code)
    clerks = {}
    for role in Role.objects.filter(kind=Role.Kind.CLERK, community__street=street).select_related("user"):
        clerks.setdefault(role.community_id, []).append(role.user)
    rows = [(c, clerks.get(c.pk, [])) for c in street.communities.order_by("code")]
    return render(request, "elections/manage/street.html", {"street": street, "rows": rows})


@login_required
def street_edit(request, code):
    street = _street(request.user, code)
    form = StreetForm(request.POST or None, initial={"code": street.code, "name": street.name})
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        if run_service(request, org_services.street_update, actor=request.user, street=street, form=form,
                       name=form.cleaned_data["name"], success=_("Saved.")):
            return redirect("manage_street", street.code)
    return render(request, "elections/manage/form.html", {"form": form, "title": street.name})


@login_required
def community_create_view(request, code):
    street = _street(request.user, code)
    form = CommunityForm(request.POST or None, initial={"code": street.code[:9]})
    if request.method == "POST" and form.is_valid():
        community = run_service(request, org_services.community_create, actor=request.user, street=street,
                                form=form, success=_("Community created."), **form.cleaned_data)
        if community:
            return redirect("manage_street", street.code)
    return render(request, "elections/manage/form.html", {
        "form": form, "title": _("New community of %(street)s") % {"street": street.name}})


@login_required
def community_edit(request, code):
    community = access.get_community(request.user, code)
    if not access.is_district_admin(request.user):
        raise PermissionDenied
    fields = ["name", "households", "population", "address", "is_pilot"]
    form = CommunityForm(request.POST or None, initial={f: getattr(community, f) for f in ["code", *fields]})
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        if run_service(request, org_services.community_update, actor=request.user, community=community, form=form,
                       success=_("Saved."), **{f: form.cleaned_data[f] for f in fields}):
            return redirect("manage_street", community.street.code)
    return render(request, "elections/manage/form.html", {"form": form, "title": community.name})


# --- users --------------------------------------------------------------------------------------------------

def _may_manage_users(user):
    if not user_services.grantable_kinds(user):
        raise PermissionDenied


def _counter_elections(user):
    """Elections whose counting users the user may create: those of communities where they are a clerk (and,
    for an administrator, any of the district's: too many to list, so only a clerk's are offered)."""
    return list(Election.objects.filter(community__in=access.editable_communities(user))
                .select_related("community").order_by("-id")[:50]) if not user.is_superuser else []


def _role_rows(user_ids):
    roles = {}
    for role in Role.objects.filter(user_id__in=user_ids).select_related(
            "district", "street", "community", "election__community"):
        roles.setdefault(role.user_id, []).append(role)
    return roles


@login_required
def user_list(request):
    _may_manage_users(request.user)
    users = user_services.managed_users(request.user).select_related("account").order_by("-is_active", "username")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(first_name__icontains=query) | users.filter(username__icontains=query)
    page = paginate(request, users, 50)
    roles = _role_rows([u.pk for u in page])
    rows = [(u, roles.get(u.pk, [])) for u in page]
    return render(request, "elections/manage/users.html", {"page": page, "rows": rows, "query": query})


def _create_form(request, data=None):
    initial = {"kind": request.GET.get("kind", ""), "scope_code": request.GET.get("code", ""),
               "election": request.GET.get("election", "")}
    return UserCreateForm(data, initial=initial, kinds=user_services.grantable_kinds(request.user),
                          elections=_counter_elections(request.user))


def _one_time_password_page(request, user, password, created):
    return render(request, "elections/manage/one_time_password.html", {
        "person": user, "password": password, "created": created})


@login_required
def user_create_view(request):
    _may_manage_users(request.user)
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_service(request, user_services.user_create, actor=request.user, form=form,
                             username=data["username"], full_name=data["full_name"], phone=data["phone"],
                             kind=data["kind"], scope=data["scope"])
        if result:
            return _one_time_password_page(request, *result, created=True)
    return render(request, "elections/manage/form.html", {
        "form": form, "title": _("New user"), "back_url": "manage_users",
        "note": _("The new user gets a one-time password, shown to you once: give it to them in person. At their "
                  "first login they choose their own.")})


def _managed_user(request, pk):
    _may_manage_users(request.user)
    return get_object_or_404(user_services.managed_users(request.user), pk=pk)


@login_required
def user_detail(request, pk):
    person = _managed_user(request, pk)
    account = Account.objects.filter(user=person).first()
    manageable = user_services.may_manage(request.user, person)
    phone = account.phone if account else ""
    return render(request, "elections/manage/user_detail.html", {
        "person": person, "account": account, "roles": _role_rows([person.pk]).get(person.pk, []),
        "phone": phone if manageable else mask_phone(phone) if phone else "",
        "manageable": manageable, "may_remove": {r.pk for r in _role_rows([person.pk]).get(person.pk, [])
                                                 if user_services.may_grant(request.user, r.kind, r.scope)},
        "role_form": RoleForm(kinds=user_services.grantable_kinds(request.user),
                              elections=_counter_elections(request.user)),
        "edit_form": UserEditForm(initial={"full_name": person.first_name, "phone": phone}),
        "disable_form": DisableForm()})


@login_required
@require_POST
def user_role_add(request, pk):
    person = _managed_user(request, pk)
    form = RoleForm(request.POST, kinds=user_services.grantable_kinds(request.user),
                    elections=_counter_elections(request.user))
    if form.is_valid():
        run_service(request, user_services.role_grant, actor=request.user, user=person,
                    kind=form.cleaned_data["kind"], scope=form.cleaned_data["scope"], success=_("Role granted."))
    else:
        form_errors_to_messages(request, form)
    return redirect("manage_user", person.pk)


@login_required
@require_POST
def user_role_remove(request, pk, role_pk):
    person = _managed_user(request, pk)
    role = get_object_or_404(Role.objects.select_related("district", "street", "community", "election__community"),
                             pk=role_pk, user=person)
    run_service(request, user_services.role_remove, actor=request.user, role=role, success=_("Role removed."))
    return redirect("manage_user", person.pk)


@login_required
@require_POST
def user_disable_view(request, pk):
    person = _managed_user(request, pk)
    form = DisableForm(request.POST)
    if form.is_valid():
        run_service(request, user_services.user_disable, actor=request.user, user=person,
                    reason=form.cleaned_data["reason"], success=_("The account is disabled: it cannot log in."))
    else:
        form_errors_to_messages(request, form)
    return redirect("manage_user", person.pk)


@login_required
@require_POST
def user_enable_view(request, pk):
    person = _managed_user(request, pk)
    run_service(request, user_services.user_enable, actor=request.user, user=person,
                success=_("The account is enabled again."))
    return redirect("manage_user", person.pk)


@login_required
@require_POST
def user_edit(request, pk):
    person = _managed_user(request, pk)
    form = UserEditForm(request.POST)
    if form.is_valid():
        run_service(request, user_services.user_update, actor=request.user, user=person, success=_("Saved."),
                    **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("manage_user", person.pk)


@login_required
@require_POST
def user_password_reset_view(request, pk):
    person = _managed_user(request, pk)
    password = run_service(request, user_services.user_password_reset, actor=request.user, user=person)
    if password:
        return _one_time_password_page(request, person, password, created=False)
    return redirect("manage_user", person.pk)


# --- a committee's counting users -------------------------------------------------------------------------------

@login_required
def election_counters(request, pk):
    """The counting users of one election: the committee's clerks add them (they enter tallies, nothing else)."""
    election = access.get_election(request.user, pk)
    may_add = user_services.may_grant(request.user, Role.Kind.COUNTER, election)
    form = PersonForm(request.POST or None)
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            result = run_service(request, user_services.user_create, actor=request.user, form=form,
                                 kind=Role.Kind.COUNTER, scope=election, **form.cleaned_data)
            if result:
                return _one_time_password_page(request, *result, created=True)
    roles = Role.objects.filter(kind=Role.Kind.COUNTER, election=election).select_related("user").order_by("pk")
    return render(request, "elections/manage/counters.html", election_context(
        request, election, form=form, may_add=may_add, counters=[r.user for r in roles]))
